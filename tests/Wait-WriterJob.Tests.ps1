# Wait-WriterJob, in real pwsh against an emulator process: jobs started and waited for, -Any, the timeout.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe 'Wait-WriterJob: jobs that finish in half a second, half the retried ones failing again' {
    BeforeAll {
        $ProgressPreference = 'SilentlyContinue'
        # 200 jobs each for app-1 and app-2; the jobs the tests create go to app-2, so that they never change app-1's lists.
        $script:emulator = Start-ConnectedEmulator -Jobs 400 -Failed 0.25 -CompletionMs 500 -ApiKey 'test' -ApplicationIds 'app-1', 'app-2' -ExtraArgument '--retry-failed', '0.5', '--seed', '7'
        # Reads straight from the emulator, not through the module under test.
        function script:Get-EmulatorFailedId { @(Get-EmulatorJobId $script:emulator -Status failed) }
    }

    AfterAll {
        Stop-ConnectedEmulator $script:emulator
        Remove-Module WriterJobs -Force -ErrorAction SilentlyContinue
    }

    Context 'Start-WriterJob | Wait-WriterJob' {
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
}

Describe 'Wait-WriterJob: jobs that stay in progress for a minute, so a wait on a new or retried job only ends at its timeout' {
    BeforeAll {
        $ProgressPreference = 'SilentlyContinue'
        $script:emulator = Start-ConnectedEmulator -Jobs 200 -Failed 0.4 -CompletionMs 60000 -ApplicationIds 'app-1', 'app-2'
        Initialize-FailedJobQueue $script:emulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll {
        Stop-ConnectedEmulator $script:emulator
    }

    Context '-Any at the timeout' {
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
}
