# The admin workflow end to end against a local emulator: list failed jobs, retry and wait, export what still fails;
# create jobs and wait for them; -WhatIf on Start-WriterJob and Invoke-WriterJobRetry -Wait. The two core cmdlets on
# their own, the used-by line among them, are in GetAndRetry.Tests.ps1.
# Needs the built module (build.ps1 -Task Build) and the .NET SDK for the emulator.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    # Some retried jobs fail again, so the "still failing" export has rows to check. 200 jobs each for app-1 and app-2;
    # the jobs the tests create go to app-2, so that they never change app-1's lists.
    $script:emulator = Start-ConnectedEmulator -Jobs 400 -Failed 0.25 -CompletionMs 500 -ApiKey 'test' -ApplicationIds 'app-1', 'app-2' -ExtraArgument '--retry-failed', '0.5', '--seed', '7'

    # Reads straight from the emulator, not through the module under test.
    function script:Get-EmulatorFailedId { @(Get-EmulatorJobId $script:emulator -Status failed) }
}

AfterAll {
    Stop-ConnectedEmulator $script:emulator
    Remove-Module WriterJobs -Force -ErrorAction SilentlyContinue
}

Describe 'Get-WriterJob -ApplicationId' {
    It 'lists every job of the application across pages' {
        $jobs = Get-WriterJob -ApplicationId 'app-1'

        $jobs.Count | Should -Be 200
        ($jobs.Id | Sort-Object -Unique).Count | Should -Be 200
        # By type name: the engine's types load in the module's own AssemblyLoadContext, where a [type] literal may not reach.
        $jobs | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'WriterJobs.WriterJob' }
    }

    It 'filters by status on the server' {
        $failed = Get-WriterJob -ApplicationId 'app-1' -Status failed

        $failed.Count | Should -BeGreaterThan 0
        $failed.Status | Sort-Object -Unique | Should -Be 'failed'
    }

    It 'honours -Skip and -First' {
        $all = Get-WriterJob -ApplicationId 'app-1'
        $some = Get-WriterJob -ApplicationId 'app-1' -Skip 10 -First 5

        $some.Count | Should -Be 5
        $some.Id | Should -Be $all[10..14].Id
    }

    It 'writes the total count first with -IncludeTotalCount' {
        $result = Get-WriterJob -ApplicationId 'app-1' -First 1 -IncludeTotalCount

        $result.Count | Should -Be 2
        [uint64]$result[0].PSObject.BaseObject | Should -Be 200
        $result[1].PSObject.TypeNames[0] | Should -Be 'WriterJobs.WriterJob'
    }

    It 'refuses a status the API does not know, listing only the statuses -Status takes' {
        $caught = { Get-WriterJob -ApplicationId 'app-1' -Status unknown } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,WriterJobs.GetWriterJobCommand' -PassThru

        $caught.Exception.Message | Should -Match 'in_progress,failed,completed'
        (Get-Command Get-WriterJob).Parameters['Status'].Attributes.ValidValues | Should -Not -Contain 'unknown'
    }
}

Describe '-WhatIf changes nothing' {
    It 'Invoke-WriterJobRetry -Wait -WhatIf neither retries nor waits' {
        $ids = Get-EmulatorFailedId | Select-Object -First 3

        $results = Get-WriterJob -Id $ids | Invoke-WriterJobRetry -Wait -WhatIf

        $results.Action | Sort-Object -Unique | Should -Be 'WhatIf'
        $ids | ForEach-Object { (Get-EmulatorJob $script:emulator $_).status | Should -Be 'failed' }
    }

    It 'Start-WriterJob -WhatIf creates no job' {
        $before = @(Get-EmulatorJobId $script:emulator -ApplicationId 'app-2').Count
        $sent = Measure-EmulatorRequest $script:emulator { Start-WriterJob -ApplicationId 'app-2' -Inputs @{ product = 'Lamp' } -WhatIf }

        $sent.Output | Should -BeNullOrEmpty
        $sent.CreateJob | Should -Be 0
        @(Get-EmulatorJobId $script:emulator -ApplicationId 'app-2') | Should -HaveCount $before
    }
}

Describe 'Pipeline 2: failed jobs of an application, retried and waited for, the still failing exported' {
    It 'retries every failed job once and exports those that failed again' {
        $csv = Join-Path $TestDrive 'still-failing.csv'
        $before = Get-WriterJob -ApplicationId 'app-1' -Status failed
        $before.Count | Should -BeGreaterThan 0

        Get-WriterJob -ApplicationId 'app-1' -Status failed |
            Invoke-WriterJobRetry -Wait -Timeout (New-TimeSpan -Minutes 10) -PollInterval (New-TimeSpan -Milliseconds 200) |
            Where-Object Status -ne completed | Export-Csv -Path $csv -NoTypeInformation

        $rows = @(if (Test-Path $csv) { Import-Csv $csv })
        $rows | ForEach-Object {
            $_.Action | Should -Be 'Retried'
            $_.Status | Should -Be 'failed'
            $_.Message | Should -BeLike 'Retried; failed again:*'
            $_.ApplicationId | Should -Be 'app-1'
        }
        $nowFailed = @(Get-WriterJob -ApplicationId 'app-1' -Status failed)
        ($rows.Id | Sort-Object) | Should -Be (@($nowFailed.Id | ForEach-Object Guid) | Sort-Object)
        @(Get-WriterJob -ApplicationId 'app-1' -Status in_progress).Count | Should -Be 0
    }

    It 'exports audit records with every column' {
        $csv = Join-Path $TestDrive 'audit.csv'
        $id = (Get-EmulatorFailedId)[0]

        Invoke-WriterJobRetry -Id $id -Wait -PollInterval (New-TimeSpan -Milliseconds 200) | Export-Csv -Path $csv -NoTypeInformation

        $row = Import-Csv $csv
        ($row.PSObject.Properties.Name) | Should -Be 'Id', 'ApplicationId', 'PreviousStatus', 'Action', 'Status', 'Time', 'Message'
        $row.Id | Should -Be "$id"
        $row.PreviousStatus | Should -Be 'failed'
        $row.Status | Should -Be (Get-EmulatorJob $script:emulator -Id $id).status
    }

    It 'sends every retry first, then waits for them together: records not retried come out at once, retried ones after the wait in input order' {
        $failed = @(Get-EmulatorFailedId | Select-Object -First 3)
        $completed = @(Get-EmulatorJobId $script:emulator -Status completed)[0]

        $records = @($failed[0], $completed, $failed[1], $failed[2] |
                Invoke-WriterJobRetry -Wait -PollInterval 0.2 -ThrottleLimit 2 -WarningAction SilentlyContinue)

        $records.Action | Should -Be 'Skipped', 'Retried', 'Retried', 'Retried'
        $records[0].Id | Should -Be $completed
        @($records[1..3].Id | ForEach-Object Guid) | Should -Be @($failed | ForEach-Object { "$_" })
        foreach ($record in $records[1..3]) {
            $record.Status | Should -Not -Be 'in_progress'
            $record.Status | Should -Be (Get-EmulatorJob $script:emulator -Id $record.Id).status
        }
    }

    It '-Timeout bounds the whole wait from the end of the input and cancels nothing' {
        $failed = @(Get-EmulatorFailedId | Select-Object -First 2)

        $records = @($failed | Invoke-WriterJobRetry -Wait -Timeout 0 -WarningVariable warned -WarningAction SilentlyContinue)

        $records.Action | Should -Be 'Retried', 'Retried'
        $records.Status | Should -Be 'in_progress', 'in_progress'
        $records | ForEach-Object { $_.Message | Should -Be 'Retry accepted; still in progress when the wait timed out (the job goes on).' }
        "$warned" | Should -BeLike '*Timed out after 00:00:00 with 2 job(s) still in progress*'
    }
}

Describe 'Pipeline 3: Start-WriterJob | Wait-WriterJob' {
    It 'creates a job from string and array inputs and waits until it completes' {
        $job = Start-WriterJob -ApplicationId 'app-2' -Input @{ product = 'Lamp'; tags = 'warm', 'brass' }

        $job.PSObject.TypeNames[0] | Should -Be 'WriterJobs.WriterJob'
        $job.Status | Should -Be 'in_progress'
        $done = $job | Wait-WriterJob -PollInterval (New-TimeSpan -Milliseconds 200)

        $done.Id | Should -Be $job.Id
        $done.Status | Should -Be 'completed'
        $done.Suggestion | Should -Match 'tags: warm, brass'
    }

    It 'reports a job that fails with its error' {
        $done = Start-WriterJob -ApplicationId 'app-2' -Input @{ product = 'FAIL now' } | Wait-WriterJob -PollInterval (New-TimeSpan -Milliseconds 200)

        $done.Status | Should -Be 'failed'
        $done.Error | Should -Not -BeNullOrEmpty
    }

    It 'returns the first finished job with -Any' {
        $jobs = 1..3 | ForEach-Object { Start-WriterJob -ApplicationId 'app-2' -Input @{ n = "$_" } }

        $first = $jobs | Wait-WriterJob -Any -PollInterval (New-TimeSpan -Milliseconds 200)

        @($first).Count | Should -Be 1
        $first.Status | Should -Be 'completed'
        $jobs.Id | Should -Contain $first.Id
    }

    It 'warns and writes the still running jobs at the timeout, cancelling nothing' {
        $job = Start-WriterJob -ApplicationId 'app-2' -Input @{ product = 'Lamp' }

        $result = $job | Wait-WriterJob -Timeout (New-TimeSpan -Milliseconds 100) -WarningVariable warned -WarningAction SilentlyContinue

        $result.Status | Should -Be 'in_progress'
        $warned.Count | Should -BeGreaterThan 0
        ($job | Wait-WriterJob -PollInterval (New-TimeSpan -Milliseconds 200)).Status | Should -Be 'completed'
    }

    It 'refuses an input that is neither a string nor a number, naming it and its type' {
        $job = Start-WriterJob -ApplicationId 'app-2' -Input @{ count = @{ value = 42 } } -ErrorVariable refused -ErrorAction SilentlyContinue

        $job | Should -BeNullOrEmpty
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'WriterInvalidArgument,WriterJobs.StartWriterJobCommand'
        $refused[0].Exception.Message | Should -Match "Input 'count' is a value of type Hashtable"
    }

    It 'refuses empty -Inputs, and the advice names -Inputs where the engine names no parameter' {
        $job = Start-WriterJob -ApplicationId 'app-2' -Inputs @{} -ErrorVariable refused -ErrorAction SilentlyContinue

        $job | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -Be 'WriterInvalidArgument,WriterJobs.StartWriterJobCommand'
        $refused[0].Exception.Message | Should -Not -Match '-Input'
        $refused[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Inputs @{*'
        "$($refused[0])" | Should -BeLike '*needs at least one. Give at least one input, e.g. -Inputs @{*'
    }

    It 'writes WriterJobNotFound for an unknown ID and waits for the rest' {
        $job = Start-WriterJob -ApplicationId 'app-2' -Input @{ product = 'Lamp' }

        $done = Wait-WriterJob -Id ([Guid]::NewGuid()), $job.Id -PollInterval (New-TimeSpan -Milliseconds 200) -ErrorVariable failedWith -ErrorAction SilentlyContinue

        $failedWith[0].FullyQualifiedErrorId | Should -Be 'WriterJobNotFound,WriterJobs.WaitWriterJobCommand'
        $done.Id | Should -Be $job.Id
        $done.Status | Should -Be 'completed'
    }
}
