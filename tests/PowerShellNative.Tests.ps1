# Issue 11: what a PowerShell expert found wrong at the prompt, one Describe per item, each against a real emulator
# process in real pwsh. Request counts come from the emulator's own log (GET /_emulator/requests).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    Import-BuiltWriterJobs
    $ProgressPreference = 'SilentlyContinue'
    # Jobs stay in progress for a minute, so a wait on a new or retried job only ends at its timeout.
    $script:emulator = Start-WriterEmulator -Jobs 200 -Failed 0.4 -CompletionMs 60000 -ApplicationIds 'app-1', 'app-2'
    Connect-WriterEmulator $script:emulator
    $script:failed = [System.Collections.Generic.Queue[guid]]::new([guid[]] @(Get-EmulatorJobId $script:emulator -Status failed))
    $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)

    # Failed jobs are used up by retries: each test takes its own.
    function script:Get-FailedJobId([int] $Count) { 1..$Count | ForEach-Object { $script:failed.Dequeue() } }

    # What the command sent, counted by the emulator: the difference of its request counts around the script block.
    function script:Measure-EmulatorRequest([scriptblock] $Command) {
        $before = Get-EmulatorRequestCount $script:emulator
        $output = & $Command
        $after = Get-EmulatorRequestCount $script:emulator
        [pscustomobject]@{
            Output    = $output
            GetJob    = $after.getJob - $before.getJob
            RetryJob  = $after.retryJob - $before.retryJob
            ListJobs  = $after.listJobs - $before.listJobs
            CreateJob = $after.createJob - $before.createJob
        }
    }
}

AfterAll {
    Disconnect-Writer -ErrorAction SilentlyContinue
    Stop-WriterEmulator $script:emulator
}

Describe '1. Piped job objects bind to -InputObject, not -Id' {
    It 'the used-by line on N jobs with F failed sends exactly N reads and F retries' {
        $failedIds = @(Get-FailedJobId 3)
        $ids = $failedIds + $script:completed[0..4]

        $sent = Measure-EmulatorRequest { Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry }

        $sent.GetJob | Should -Be $ids.Count
        $sent.RetryJob | Should -Be $failedIds.Count
        @($sent.Output.Action) | Should -Be @('Retried', 'Retried', 'Retried')
    }

    It 'binds a piped job to -InputObject, so -WhatIf records its application and previous status' {
        $job = Get-WriterJob -Id (Get-FailedJobId 1)

        $record = $job | Invoke-WriterJobRetry -WhatIf

        $record.Action | Should -Be 'WhatIf'
        $record.ApplicationId | Should -Be $job.ApplicationId
        $record.PreviousStatus | Should -Be 'failed'
    }

    It 'applies -MaxStatusAge to piped jobs: an older status is read again before the retry' {
        $job = Get-WriterJob -Id (Get-FailedJobId 1)

        $sent = Measure-EmulatorRequest { $job | Invoke-WriterJobRetry -MaxStatusAge ([timespan]::Zero) }

        $sent.GetJob | Should -Be 1
        $sent.RetryJob | Should -Be 1
    }

    It 'Wait-WriterJob trusts piped finished jobs: N reads in all' {
        $ids = $script:completed[0..5]

        $sent = Measure-EmulatorRequest { Get-WriterJob -Id $ids | Wait-WriterJob }

        $sent.GetJob | Should -Be $ids.Count
        @($sent.Output.Id) | Should -Be @($ids)
    }

    It 'still binds IDs by position, by value and by property name to -Id' {
        $id = $script:completed[0]

        (Wait-WriterJob $id).Id | Should -Be $id
        ("$id" | Wait-WriterJob).Id | Should -Be $id
        ([pscustomobject]@{ JobId = "$id" } | Wait-WriterJob).Id | Should -Be $id
        (Invoke-WriterJobRetry $id -WhatIf).Id | Should -Be $id
    }
}

Describe '4. Wait-WriterJob -Any at the timeout' {
    It 'writes nothing when no job finished in time, as Wait-Job -Any does' {
        $job = Start-WriterJob -ApplicationId 'app-1' -Input @{ product = 'Lamp' }

        $result = $job, $job | Wait-WriterJob -Any -Timeout 1 -WarningVariable warned -WarningAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        "$warned" | Should -Match 'Timed out'
    }

    It 'writes the one job that finished' {
        $running = Start-WriterJob -ApplicationId 'app-1' -Input @{ product = 'Lamp' }

        $result = Wait-WriterJob -Id $running.Id, $script:completed[0] -Any -Timeout 5

        @($result.Id) | Should -Be @($script:completed[0])
    }
}

Describe '13. A bad -Id value is one item''s error' {
    It 'reads the good IDs of Get-Content and writes one error for the bad line' {
        $file = Join-Path $TestDrive 'ids.txt'
        Set-Content $file -Value $script:completed[0], 'not-a-guid', $script:completed[1]

        $jobs = Get-WriterJob -Id (Get-Content $file) -ErrorVariable problems -ErrorAction SilentlyContinue

        @($jobs.Id) | Should -Be @($script:completed[0], $script:completed[1])
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.GetWriterJobCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be 'not-a-guid'
        $problems[0].Exception.Message | Should -Match "-Id 'not-a-guid'"
    }

    It 'does the same for Invoke-WriterJobRetry and Wait-WriterJob, and when the file is piped' {
        $file = Join-Path $TestDrive 'ids.txt'
        Set-Content $file -Value 'bad-1', $script:completed[0]

        $records = Invoke-WriterJobRetry -Id (Get-Content $file) -WhatIf -ErrorVariable retryProblems -ErrorAction SilentlyContinue
        $waited = Get-Content $file | Wait-WriterJob -ErrorVariable waitProblems -ErrorAction SilentlyContinue

        $records.Id | Should -Be $script:completed[0]
        $retryProblems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.InvokeWriterJobRetryCommand'
        $waited.Id | Should -Be $script:completed[0]
        $waitProblems[0].TargetObject | Should -Be 'bad-1'
    }
}
