# Wait-WriterJob, in real pwsh against an emulator process: jobs started and waited for, piped finished jobs not read
# again, -Any, the timeout.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Wait-WriterJob until jobs end' {
    BeforeAll { $script:emulator = Start-ShortJobEmulator }

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

        It 'writes WriterJobNotFound for an unknown ID and waits for the rest' {
            $job = Start-WriterJob -ApplicationId 'app-2' -Input @{ product = 'Lamp' }

            $done = Wait-WriterJob -Id ([Guid]::NewGuid()), $job.Id -PollInterval (New-TimeSpan -Milliseconds 200) -ErrorVariable failedWith -ErrorAction SilentlyContinue

            $failedWith[0].FullyQualifiedErrorId | Should -Be 'WriterJobNotFound,WriterJobs.WaitWriterJobCommand'
            $done.Id | Should -Be $job.Id
            $done.Status | Should -Be 'completed'
        }
    }
}

Describe 'Wait-WriterJob on jobs already finished or in progress for a minute' {
    BeforeAll {
        $script:emulator = Start-MinuteJobEmulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

    Context 'Piped finished jobs' {
        It 'trusts piped finished jobs: N reads in all' {
            $ids = $script:completed[0..5]

            $sent = Measure-EmulatorRequest $script:emulator { Get-WriterJob -Id $ids | Wait-WriterJob }

            $sent.GetJob | Should -Be $ids.Count
            @($sent.Output.Id) | Should -Be @($ids)
        }
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
