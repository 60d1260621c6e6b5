# Invoke-WriterJobSweep run exactly as a scheduler runs it: pwsh -NonInteractive -NoProfile -File with the script the
# module folder ships, plain string arguments (a comma list as one string, times as numbers of seconds), the key in
# WRITER_API_KEY and no console; its exit codes, its log (stdout and -LogPath) and report, counted at the emulator.
# Runs at once, a killed run: ScheduledTask.Runs.Tests.ps1; applications, cost controls and -WhatIf:
# ScheduledTask.Choices.Tests.ps1; keys from a vault: Keys.Tests.ps1; -HistoryPath in a session: Invoke-WriterJobRetry.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe 'Exit code 0: a comma list in one string, every failed job retried and completed' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 40 -Failed 0.25 -CompletionMs 300 -ApplicationIds app-1, app-2
        $failed = @('app-1', 'app-2' | ForEach-Object { Get-EmulatorJobId $emulator -ApplicationId $_ -Status failed })
        $report = Join-Path $TestDrive 'report.csv'
        $log = Join-Path $TestDrive 'sweep.log'
        $before = [DateTimeOffset]::UtcNow
        $run = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1,app-2', '-HistoryPath', (Join-Path $TestDrive 'history.json'),
            '-MinRetryInterval', '60', '-Wait', '-Timeout', '120', '-ReportPath', $report, '-LogPath', $log)
        $after = [DateTimeOffset]::UtcNow
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'exits with 0' {
        $run.ExitCode | Should -Be 0 -Because $run.Text
    }

    It 'sweeps both applications of the one string app-1,app-2' {
        $run.Output | Should -Match 'app=app-1 failed=\d+'
        $run.Output | Should -Match 'app=app-2 failed=\d+'
        (Get-EmulatorRetryTotal $emulator).triggers | Should -Be $failed.Count
    }

    It 'writes a report row per job, in words' {
        $rows = @(Import-Csv $report)

        $failed | Should -Not -BeNullOrEmpty
        @($rows.Id | Sort-Object) | Should -Be @($failed.Guid | Sort-Object)
        $rows | ForEach-Object { $_.PreviousStatus | Should -Be 'failed'; $_.Action | Should -Be 'Retried'; $_.Status | Should -Be 'completed' }
    }

    It 'logs each event once on stdout and once in -LogPath, stamped with its own time during the run' {
        $file = @(Read-SweepLog (Get-Content -LiteralPath $log -Raw))
        $shown = @(Read-SweepLog $run.Output)

        $file.Text | Should -Be $shown.Text
        foreach ($id in $failed) {
            $lines = @($file | Where-Object Id -EQ $id)
            $lines.Action | Should -Be 'Retried', 'Retried'
            $lines.Status | Should -Be 'in_progress', 'completed'
        }
        $file | ForEach-Object { $_.Time | Should -BeGreaterThan $before; $_.Time | Should -BeLessThan $after }
        # Stamped when each happened, not all at the end: the retries go out before the wait starts.
        ($file | Where-Object Status -EQ 'in_progress' | Measure-Object Time -Maximum).Maximum |
            Should -BeLessThan ($file | Where-Object Status -EQ 'completed' | Measure-Object Time -Minimum).Minimum
        $file[-1].Text | Should -Match '^sweep ended: exit=0 outcome=AllGood'
    }

    It 'appends to -LogPath: a second run adds its lines after the first run''s' {
        $lines = (Get-Content -LiteralPath $log).Count
        $again = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'), '-LogPath', $log)

        $again.ExitCode | Should -Be 0 -Because $again.Text
        (Get-Content -LiteralPath $log).Count | Should -BeGreaterThan $lines
        (Get-Content -LiteralPath $log)[$lines] | Should -Match 'sweep started: applications=app-1 '
    }

    It 'never shows the key' {
        $run.Text | Should -Not -Match ([regex]::Escape($emulator.ApiKey))
        Get-Content -LiteralPath $log, $report -Raw | Should -Not -Match ([regex]::Escape($emulator.ApiKey))
    }
}

Describe 'Exit code 1 when jobs need attention, 0 when they only wait their turn; times in seconds' {
    BeforeAll {
        # Every retried job fails again, as a job with a persistent fault would.
        $emulator = Start-WriterEmulator -Jobs 30 -Failed 0.3 -CompletionMs 300 -ExtraArgument '--retry-failed', '1'
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $history = Join-Path $TestDrive 'history.json'
        $arguments = @('-ApplicationId', 'app-1', '-HistoryPath', $history, '-MaxRetriesPerJob', '2', '-Wait', '-Timeout', '60')
        $report = { param($Name) @('-ReportPath', (Join-Path $TestDrive "$Name.json")) }
        $runs = [ordered]@{}
        $runs.First = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) ($arguments + @('-MinRetryInterval', '20') + (& $report first))
        $retriedAt = (Read-SweepLog $runs.First.Output | Where-Object Status -EQ 'in_progress' | Measure-Object Time -Maximum).Maximum
        $runs.TooSoon = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) ($arguments + @('-MinRetryInterval', '3600') + (& $report too-soon))
        # Twenty seconds, not twenty days: once they have passed, the next run retries again.
        Start-Sleep -Milliseconds ([Math]::Max(0, ($retriedAt.AddSeconds(21) - [DateTimeOffset]::UtcNow).TotalMilliseconds))
        $runs.Second = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) ($arguments + @('-MinRetryInterval', '20'))
        $runs.OverBudget = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) ($arguments + @('-MinRetryInterval', '20') + (& $report over))
        $retries = Get-EmulatorRetryTotal $emulator
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'exits with 1 when the retried jobs failed again' {
        $runs.First.ExitCode | Should -Be 1 -Because $runs.First.Text
        $first = Get-Content (Join-Path $TestDrive 'first.json') -Raw | ConvertFrom-Json
        $first | ForEach-Object { $_.Action | Should -Be 'Retried'; $_.Status | Should -Be 'failed' }
    }

    It 'exits with 0 when every job was retried too recently: TooSoon is no alarm' {
        $runs.TooSoon.ExitCode | Should -Be 0 -Because $runs.TooSoon.Text
        $tooSoon = Get-Content (Join-Path $TestDrive 'too-soon.json') -Raw | ConvertFrom-Json

        @($tooSoon.Action | Sort-Object -Unique) | Should -Be 'TooSoon'
        $runs.TooSoon.Output | Should -Match 'action=TooSoon'
    }

    It 'retries again once -MinRetryInterval seconds have passed, and then reports OverBudget, which needs attention' {
        $runs.Second.ExitCode | Should -Be 1 -Because $runs.Second.Text
        $runs.Second.Output | Should -Match 'action=Retried'
        $runs.OverBudget.ExitCode | Should -Be 1 -Because $runs.OverBudget.Text
        $over = Get-Content (Join-Path $TestDrive 'over.json') -Raw | ConvertFrom-Json

        @($over.Action | Sort-Object -Unique) | Should -Be 'OverBudget'
        @($over.Id | Sort-Object) | Should -Be @($failed.Guid | Sort-Object)
        $retries.triggers | Should -Be (2 * $failed.Count)
    }

    It 'keeps the count in the history, as Get-WriterJobRetryBudget shows it' {
        Import-BuiltModule
        $saved = @(Get-WriterJobRetryBudget -HistoryPath $history -MaxRetriesPerJob 2)

        @($saved.Id | Sort-Object) | Should -Be @($failed | Sort-Object)
        foreach ($budget in $saved) { $budget.Retries | Should -Be 2 }
    }
}

Describe 'Exit code 2: the sweep could not run' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 10
        $history = Join-Path $TestDrive 'history.json'
        $arguments = @('-ApplicationId', 'app-1', '-HistoryPath', $history)
        $noApplication = @('-HistoryPath', $history)
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'with no key' {
        $run = Invoke-ScheduledSweep @{ WRITER_BASE_URL = $emulator.BaseUri } $arguments

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'stopping: WriterApiKeyMissing'
        $run.Output | Should -Match 'sweep ended: exit=2 outcome=CouldNotRun'
    }

    It 'with a wrong key, which it never shows' {
        $run = Invoke-ScheduledSweep @{ WRITER_API_KEY = 'wrong-key-7f3a'; WRITER_BASE_URL = $emulator.BaseUri } $arguments

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'WriterUnauthorized'
        $run.Text | Should -Not -Match 'wrong-key-7f3a'
    }

    It 'with the API unreachable' {
        $run = Invoke-ScheduledSweep @{ WRITER_API_KEY = 'any'; WRITER_BASE_URL = (Get-ClosedPortUri); WRITER_MAX_RETRIES = '1' } $arguments

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'WriterApiUnreachable'
    }

    It 'with a history file that is not one, which it leaves as it is' {
        $foreign = Join-Path $TestDrive 'notes.json'
        Set-Content -LiteralPath $foreign -Value '{ "mine": true }'

        $run = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', $foreign)

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'is not a WriterJobs retry history'
        Get-Content -LiteralPath $foreign -Raw | Should -Be "{ ""mine"": true }$([Environment]::NewLine)"
    }

    It 'with a report it could not write, found before anything is sent' {
        $run = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) ($arguments + @('-ReportPath', (Join-Path $TestDrive 'no-such-folder/report.csv')))

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'stopping: WriterSweepReportUnwritable'
        (Get-EmulatorRetryTotal $emulator).triggers | Should -Be 0
    }

    It 'with a bad command line, saying why on stdout and in the -LogPath file: <Case>' -ForEach @(
        @{ Case = 'a word for a number'; Extra = @('-ApplicationId', 'app-1', '-MaxRetriesPerJob', 'lots'); Why = 'MaxRetriesPerJob' }
        @{ Case = 'a space after the comma'; Extra = @('-ApplicationId', 'app-1,', 'app-2'); Why = "positional parameter cannot be found that accepts argument 'app-2'" }
        @{ Case = 'a parameter it does not have'; Extra = @('-ApplicationId', 'app-1', '-Retries', '3'); Why = "'Retries'" }
        @{ Case = 'a negative time'; Extra = @('-ApplicationId', 'app-1', '-MinRetryInterval', '-5'); Why = 'MinRetryInterval' }
    ) {
        $log = Join-Path $TestDrive "bad-$($Case.GetHashCode()).log"
        $run = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) ($noApplication + $Extra + @('-LogPath', $log))

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match "could not run: .*$([regex]::Escape($Why))"
        Get-Content -LiteralPath $log -Raw | Should -Match "could not run: .*$([regex]::Escape($Why))"
        (Get-EmulatorRetryTotal $emulator).triggers | Should -Be 0
    }
}

