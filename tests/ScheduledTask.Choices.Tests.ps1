# What an admin chooses on the sweep's command line, run as a scheduler runs it: the applications (an unknown one,
# every one with *), the cost controls (-MaxRetryCount, -FailedWithin) and -WhatIf, which reads statuses and budgets,
# predicts each job's action and writes no file.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe 'Each application stands alone' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 60 -Failed 0.3 -CompletionMs 300 -ApplicationIds app-1, app-2, app-3
        $failed = @{}
        foreach ($application in 'app-1', 'app-2', 'app-3') { $failed[$application] = @(Get-EmulatorJobId $emulator -ApplicationId $application -Status failed) }
        $history = Join-Path $TestDrive 'history.json'
        $unknown = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1,no-such-app', '-HistoryPath', $history)
        $afterUnknown = (Get-EmulatorRetryTotal $emulator).triggers
        $every = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', '*', '-HistoryPath', $history)
        $retries = Get-EmulatorRetryTotal $emulator
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'an unknown application is an error of its own (WriterApplicationNotFound); the others are swept; exit code 1' {
        $unknown.ExitCode | Should -Be 1 -Because $unknown.Text
        $unknown.Output | Should -Match 'app=no-such-app not listed: WriterApplicationNotFound'
        $unknown.Errors | Should -Match 'no-such-app'
        $afterUnknown | Should -Be $failed['app-1'].Count
    }

    It '* sweeps every application of the workspace' {
        $every.ExitCode | Should -Be 0 -Because $every.Text
        $every.Output | Should -Match 'app=\* is 3 application\(s\): app-1,app-2,app-3'
        $retries.triggers | Should -Be ($failed.Values | ForEach-Object Count | Measure-Object -Sum).Sum
        $retries.jobsTriggeredMoreThanOnce | Should -Be 0
    }
}

Describe 'Cost controls' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 60 -Failed 0.5 -CompletionMs 300
        $failed = @(Get-EmulatorJobId $emulator -Status failed | ForEach-Object { Get-EmulatorJob $emulator $_ })
        $cap = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'cap.json'),
            '-MaxRetryCount', '3', '-ReportPath', (Join-Path $TestDrive 'cap.csv'))
        $afterCap = (Get-EmulatorRetryTotal $emulator).triggers
        $stillFailed = @(Get-EmulatorJobId $emulator -Status failed | ForEach-Object { Get-EmulatorJob $emulator $_ })
        # Seeded jobs failed between ten minutes and a week ago: three and a half days splits them.
        $within = [TimeSpan]::FromDays(3.5)
        $age = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'age.json'),
            '-FailedWithin', "$($within.TotalSeconds)", '-ReportPath', (Join-Path $TestDrive 'age.csv'))
        $startedAge = [DateTimeOffset]::UtcNow
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It '-MaxRetryCount sends at most that many retries; the rest are LimitReached, left for a later run, no alarm' {
        $cap.ExitCode | Should -Be 0 -Because $cap.Text
        $afterCap | Should -Be 3
        $rows = @(Import-Csv (Join-Path $TestDrive 'cap.csv'))
        @($rows | Where-Object Action -EQ Retried).Count | Should -Be 3
        @($rows | Where-Object Action -EQ LimitReached).Count | Should -Be ($failed.Count - 3)
    }

    It '-FailedWithin (seconds) leaves the jobs that failed longer ago as TooOld, no alarm' {
        $age.ExitCode | Should -Be 0 -Because $age.Text
        $rows = @(Import-Csv (Join-Path $TestDrive 'age.csv'))
        $old = @($stillFailed | Where-Object { [DateTimeOffset] $_.updated_at -lt $startedAge - $within } | ForEach-Object id)

        $old | Should -Not -BeNullOrEmpty
        @($rows | Where-Object Action -EQ TooOld | ForEach-Object Id | Sort-Object) | Should -Be @($old | Sort-Object)
    }
}

Describe '-WhatIf' {
    BeforeAll {
        # Retried jobs fail again: after one real run with a budget of 1, app-1's jobs are over budget.
        $emulator = Start-WriterEmulator -Jobs 40 -Failed 0.3 -CompletionMs 300 -ApplicationIds app-1, app-2 -ExtraArgument '--retry-failed', '1'
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'task')
        $history = Join-Path $folder 'history.json'
        $arguments = @('-HistoryPath', $history, '-MaxRetriesPerJob', '1', '-MinRetryInterval', '0')
        $real = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) (@('-ApplicationId', 'app-1', '-Wait', '-Timeout', '60') + $arguments)
        $files = { Get-ChildItem -LiteralPath $folder -Force | ForEach-Object { "$($_.Name) $((Get-FileHash -LiteralPath $_.FullName).Hash)" } }
        $before = & $files
        $sent = Get-EmulatorRequestCount $emulator
        $preview = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) (@('-ApplicationId', 'app-1,app-2', '-WhatIf',
                '-LogPath', (Join-Path $folder 'sweep.log'), '-ReportPath', (Join-Path $folder 'report.csv')) + $arguments)
        $after = & $files
        $sentAfter = Get-EmulatorRequestCount $emulator
        $lines = @(Read-SweepLog $preview.Output | Where-Object Id)
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'writes no file: no log, no report, the history and its folder as they were' {
        $real.ExitCode | Should -Be 1 -Because $real.Text
        $after | Should -Be $before
    }

    It 'sends nothing but reads' {
        $sentAfter.retryJob | Should -Be $sent.retryJob
        $sentAfter.createJob | Should -Be $sent.createJob
    }

    It 'predicts each job''s real action: OverBudget for the jobs whose budget is spent, WhatIf where a run would retry' {
        $overBudget = @(Get-EmulatorJobId $emulator -ApplicationId app-1 -Status failed)
        $wouldRetry = @(Get-EmulatorJobId $emulator -ApplicationId app-2 -Status failed)

        @($lines | Where-Object Action -EQ OverBudget | ForEach-Object Id | Sort-Object) | Should -Be @($overBudget.Guid | Sort-Object)
        @($lines | Where-Object Action -EQ WhatIf | ForEach-Object Id | Sort-Object) | Should -Be @($wouldRetry.Guid | Sort-Object)
    }

    It 'exits with the code the real run would: 1, as some jobs are over budget' {
        $preview.ExitCode | Should -Be 1 -Because $preview.Text
        $preview.Output | Should -Match 'whatif=True'
    }
}
