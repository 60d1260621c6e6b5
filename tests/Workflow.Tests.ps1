# The admin workflow end to end against a local emulator: list failed jobs, retry and wait, export what still fails;
# create jobs and wait for them; -WhatIf on every state-changing cmdlet.
# Needs the built module (build.ps1 -Task Build) and the .NET SDK for the emulator.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    # Some retried jobs fail again, so the "still failing" export has rows to check.
    $script:emulator = Start-WriterEmulator -Jobs 200 -Failed 0.25 -CompletionMs 500 -ApiKey 'test' -ExtraArgument '--retry-failed', '0.5', '--seed', '7'
    $script:baseUri = $emulator.BaseUri.TrimEnd('/')
    $script:headers = @{ Authorization = "Bearer $($emulator.ApiKey)" }

    # Reads straight from the emulator, not through the module under test.
    function script:Get-EmulatorFailedId { @(Get-EmulatorJobId $script:emulator -Status failed) }

    Import-BuiltModule
    Connect-WriterEmulator $script:emulator
}

AfterAll {
    Disconnect-Writer -ErrorAction SilentlyContinue
    Remove-Module WriterJobs -Force -ErrorAction SilentlyContinue
    Stop-WriterEmulator $script:emulator
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

    It 'refuses a status the API does not know' {
        { Get-WriterJob -ApplicationId 'app-1' -Status unknown } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,WriterJobs.GetWriterJobCommand'
    }
}

Describe '-WhatIf changes nothing' {
    It 'Invoke-WriterJobRetry -WhatIf sends no retry and records WhatIf' {
        $id = (Get-EmulatorFailedId)[0]

        $result = Invoke-WriterJobRetry -Id $id -WhatIf

        $result.Action | Should -Be 'WhatIf'
        (Get-EmulatorJob $script:emulator $id).status | Should -Be 'failed'
    }

    It 'Invoke-WriterJobRetry -Wait -WhatIf neither retries nor waits' {
        $ids = Get-EmulatorFailedId | Select-Object -First 3

        $results = Get-WriterJob -Id $ids | Invoke-WriterJobRetry -Wait -WhatIf

        $results.Action | Sort-Object -Unique | Should -Be 'WhatIf'
        $ids | ForEach-Object { (Get-EmulatorJob $script:emulator $_).status | Should -Be 'failed' }
    }

    It 'Start-WriterJob -WhatIf creates no job' {
        $before = (Invoke-RestMethod -Uri "$baseUri/v1/applications/app-whatif/jobs" -Headers $headers).totalCount

        $job = Start-WriterJob -ApplicationId 'app-whatif' -Input @{ product = 'Lamp' } -WhatIf

        $job | Should -BeNullOrEmpty
        $after = (Invoke-RestMethod -Uri "$baseUri/v1/applications/app-whatif/jobs" -Headers $headers).totalCount
        [int]$after | Should -Be ([int]$before)
    }
}

Describe 'Pipeline 1: Get-WriterJob -Id | Where-Object Status -eq failed | Invoke-WriterJobRetry' {
    It 'retries the failed one and skips the others' {
        $failedId = (Get-EmulatorFailedId)[0]
        $completedId = (Get-WriterJob -ApplicationId 'app-1' -Status completed -First 1).Id
        $before = Get-EmulatorJob $script:emulator $failedId

        $results = Get-WriterJob -Id $failedId, $completedId | Where-Object Status -eq failed | Invoke-WriterJobRetry

        $results.Count | Should -Be 1
        $results.Id | Should -Be $failedId
        $results.Action | Should -Be 'Retried'
        # The retry reached the server: the job changed since it was read (it may have finished again already).
        [DateTimeOffset] (Get-EmulatorJob $script:emulator $failedId).updated_at | Should -BeGreaterThan ([DateTimeOffset] $before.updated_at)
    }

    It 'skips a bare ID that is not failed, with a warning' {
        $completedId = (Get-WriterJob -ApplicationId 'app-1' -Status completed -First 1).Id

        $result = Invoke-WriterJobRetry -Id $completedId -WarningVariable warned -WarningAction SilentlyContinue

        $result.Action | Should -Be 'Skipped'
        $warned.Count | Should -BeGreaterThan 0
    }

    It 'writes WriterJobNotFound for an unknown ID and a Failed audit record' {
        $missing = [Guid]::NewGuid()

        $result = Invoke-WriterJobRetry -Id $missing -ErrorVariable failedWith -ErrorAction SilentlyContinue

        $failedWith[0].FullyQualifiedErrorId | Should -Be 'WriterJobNotFound,WriterJobs.InvokeWriterJobRetryCommand'
        $result.Action | Should -Be 'Failed'
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
        $row.Status | Should -BeIn 'completed', 'failed'
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

    It 'refuses an input that is neither a string nor a number, naming it' {
        $job = Start-WriterJob -ApplicationId 'app-2' -Input @{ count = @{ value = 42 } } -ErrorVariable refused -ErrorAction SilentlyContinue

        $job | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -Be 'WriterInvalidArgument,WriterJobs.StartWriterJobCommand'
        $refused[0].Exception.Message | Should -BeLike "*'count'*"
    }

    It 'refuses an empty -Input, and the advice names -Input where the engine names no parameter' {
        $job = Start-WriterJob -ApplicationId 'app-2' -Input @{} -ErrorVariable refused -ErrorAction SilentlyContinue

        $job | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -Be 'WriterInvalidArgument,WriterJobs.StartWriterJobCommand'
        $refused[0].Exception.Message | Should -Not -Match '-Input'
        $refused[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Input @{*'
        "$($refused[0])" | Should -BeLike '*needs at least one. Give at least one input, e.g. -Input @{*'
    }

    It 'writes WriterJobNotFound for an unknown ID and waits for the rest' {
        $job = Start-WriterJob -ApplicationId 'app-2' -Input @{ product = 'Lamp' }

        $done = Wait-WriterJob -Id ([Guid]::NewGuid()), $job.Id -PollInterval (New-TimeSpan -Milliseconds 200) -ErrorVariable failedWith -ErrorAction SilentlyContinue

        $failedWith[0].FullyQualifiedErrorId | Should -Be 'WriterJobNotFound,WriterJobs.WaitWriterJobCommand'
        $done.Id | Should -Be $job.Id
        $done.Status | Should -Be 'completed'
    }
}
