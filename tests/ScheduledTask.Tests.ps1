# The scheduled-task script (docs/examples/Invoke-ScheduledWriterJobRetry.ps1) run the way a scheduler runs it:
# pwsh -NonInteractive -NoProfile -File, the key in WRITER_API_KEY, no console; its exit codes, report and log, the
# retry budget over several runs, and two runs at once, counted at the emulator.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester blocks share variables across scopes.')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Start-ScheduledRun starts a throw-away process of the test.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $script = Join-Path (Get-RepositoryRoot) 'docs/examples/Invoke-ScheduledWriterJobRetry.ps1'
    $manifest = Join-Path (Get-ModuleFolder) 'WriterJobs.psd1'

    # Starts one run as its own process with the WRITER_* variables given; Wait-ScheduledRun collects it.
    function Start-ScheduledRun([hashtable] $Environment, [string[]] $Argument) {
        $command = @(Get-PwshCommand)
        $start = [Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($part in @($command | Select-Object -Skip 1) + @('-NonInteractive', '-NoProfile', '-File', $script, '-Module', $manifest) + $Argument) {
            $start.ArgumentList.Add($part)
        }
        foreach ($name in 'WRITER_API_KEY', 'WRITER_BASE_URL', 'WRITER_MAX_RETRIES', 'WRITER_REQUESTS_PER_MINUTE') { $null = $start.Environment.Remove($name) }
        foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
    }

    function Wait-ScheduledRun($Run) {
        $Run.Process.WaitForExit()
        [pscustomobject]@{ ExitCode = $Run.Process.ExitCode; Output = $Run.Output.Result + $Run.Errors.Result }
    }

    function Invoke-ScheduledRun([hashtable] $Environment, [string[]] $Argument) {
        Wait-ScheduledRun (Start-ScheduledRun $Environment $Argument)
    }

    function Get-KeyEnvironment($Emulator) {
        @{ WRITER_API_KEY = $Emulator.ApiKey; WRITER_BASE_URL = $Emulator.BaseUri; WRITER_REQUESTS_PER_MINUTE = '60000' }
    }
}

Describe 'Exit code 0: every failed job retried and completed' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 40 -Failed 0.25 -CompletionMs 300
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $report = Join-Path $TestDrive 'report.csv'
        $run = Invoke-ScheduledRun (Get-KeyEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'), '-Wait', '-ReportPath', $report)
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'exits with 0' {
        $run.ExitCode | Should -Be 0 -Because $run.Output
    }

    It 'writes a report row and a log line per job' {
        $rows = @(Import-Csv $report)

        $failed | Should -Not -BeNullOrEmpty
        @($rows.Id | Sort-Object) | Should -Be @($failed.Guid | Sort-Object)
        $rows | ForEach-Object { $_.Action | Should -Be 'Retried'; $_.Status | Should -Be 'completed' }
        foreach ($id in $failed) { $run.Output | Should -Match "job=$id app=app-1 action=Retried previous=failed status=completed" }
    }
}

Describe 'Exit code 1: jobs that fail again, and the budget over several runs' {
    BeforeAll {
        # Every retried job fails again, as a job with a persistent fault would.
        $emulator = Start-WriterEmulator -Jobs 40 -Failed 0.25 -CompletionMs 300 -ExtraArgument '--retry-failed', '1'
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $history = Join-Path $TestDrive 'history.json'
        $arguments = @('-ApplicationId', 'app-1', '-HistoryPath', $history, '-MaxRetriesPerJob', '2', '-MinRetryInterval', '00:00:00.001', '-Wait')
        $runs = @(1..3 | ForEach-Object { Invoke-ScheduledRun (Get-KeyEnvironment $emulator) ($arguments + @('-ReportPath', (Join-Path $TestDrive "run$_.json"))) })
        $retries = Get-EmulatorRetryTotal $emulator
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'exits with 1 every time some job is still failing' {
        $runs.ExitCode | Should -Be 1, 1, 1
    }

    It 'retries each job at most twice across three runs, and the third run records OverBudget and logs it' {
        $retries.triggers | Should -Be (2 * $failed.Count)
        $third = Get-Content (Join-Path $TestDrive 'run3.json') -Raw | ConvertFrom-Json

        $third.Action | Sort-Object -Unique | Should -Be 'OverBudget'
        @($third.Id | Sort-Object) | Should -Be @($failed.Guid | Sort-Object)
        $runs[2].Output | Should -Match 'action=OverBudget'
    }

    It 'keeps the count in the history' {
        Import-Module $manifest
        $saved = @(Get-WriterJobRetryBudget -HistoryPath $history -MaxRetriesPerJob 2)

        @($saved.Id | Sort-Object) | Should -Be @($failed | Sort-Object)
        foreach ($budget in $saved) { $budget.Retries | Should -Be 2 }
    }
}

Describe 'Two runs at once' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 60 -Failed 0.5 -CompletionMs 2000 -ExtraArgument '--retry-failed', '1'
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $arguments = @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'), '-Wait')
        $started = @(1..2 | ForEach-Object { Start-ScheduledRun (Get-KeyEnvironment $emulator) $arguments })
        $runs = @($started | ForEach-Object { Wait-ScheduledRun $_ })
        $retries = Get-EmulatorRetryTotal $emulator
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'never retry the same job twice' {
        # Both ran (neither exits with 2, could not run); every retried job fails again, so a run that retried exits with 1.
        $runs.ExitCode | ForEach-Object { $_ | Should -BeIn 0, 1 -Because "$($runs.Output)" }
        $runs.ExitCode | Should -Contain 1
        $retries.jobsTriggeredMoreThanOnce | Should -Be 0
        $retries.triggers | Should -Be $failed.Count
    }
}

Describe 'Exit code 2: the task could not run' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 10
        $arguments = @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'))
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'with no key' {
        $run = Invoke-ScheduledRun @{ WRITER_BASE_URL = $emulator.BaseUri } $arguments

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'could not run: No API key'
    }

    It 'with a wrong key, which it never shows' {
        $run = Invoke-ScheduledRun @{ WRITER_API_KEY = 'wrong-key-7f3a'; WRITER_BASE_URL = $emulator.BaseUri } $arguments

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'could not run'
        $run.Output | Should -Not -Match 'wrong-key-7f3a'
    }

    It 'with the API unreachable' {
        $run = Invoke-ScheduledRun @{ WRITER_API_KEY = 'any'; WRITER_BASE_URL = (Get-ClosedPortUri); WRITER_MAX_RETRIES = '1' } $arguments

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'could not run'
    }

    It 'with a history file that is not one, which it leaves as it is' {
        $foreign = Join-Path $TestDrive 'notes.json'
        Set-Content -LiteralPath $foreign -Value '{ "mine": true }'

        $run = Invoke-ScheduledRun (Get-KeyEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', $foreign)

        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match 'is not a WriterJobs retry history'
        Get-Content -LiteralPath $foreign -Raw | Should -Be "{ ""mine"": true }$([Environment]::NewLine)"
    }
}

Describe 'Invoke-WriterJobRetry -HistoryPath, in the session' {
    BeforeAll {
        $emulator = Start-ConnectedEmulator -Jobs 20 -Failed 0.5 -CompletionMs 600000
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
    }

    AfterAll {
        Stop-ConnectedEmulator $emulator
    }

    It 'records a failed job retried too recently as TooSoon, says when under -Verbose, and sends nothing for it; -Force retries it all the same' {
        $history = Join-Path $TestDrive 'recent.json'
        # The job failed again after a retry an earlier run sent a minute ago (the documented format, written as it is).
        $minuteAgo = [DateTimeOffset]::UtcNow.AddMinutes(-1).ToString('o')
        Set-Content -LiteralPath $history -Value "{ ""format"": ""WriterJobs.RetryHistory/2"", ""generation"": 1, ""jobs"": { ""$($failed[0])"": { ""retries"": 1, ""lastRetryAt"": ""$minuteAgo"" } } }"
        $before = (Get-EmulatorRetryTotal $emulator).triggers

        $second = Invoke-WriterJobRetry -Id $failed[0] -HistoryPath $history -MinRetryInterval 3600 -Verbose -WarningVariable warned 4>&1
        $record = $second | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

        $record.Action | Should -Be 'TooSoon'
        $record.Message | Should -BeLike "*last retried at*less than 01:00:00 ago*"
        @($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*less than 01:00:00 ago*' }) | Should -HaveCount 1
        $warned | Should -HaveCount 0
        (Get-EmulatorRetryTotal $emulator).triggers | Should -Be $before

        (Invoke-WriterJobRetry -Id $failed[0] -HistoryPath $history -MinRetryInterval 3600 -Force).Action | Should -Be 'Retried'
        (Get-WriterJobRetryBudget -HistoryPath $history -Id $failed[0]).Retries | Should -Be 2
    }

    It 'stops before anything is sent when the history is not one: WriterRetryHistoryInvalid, InvalidData, the path as target' {
        $foreign = Join-Path $TestDrive 'foreign.json'
        Set-Content -LiteralPath $foreign -Value 'not json'
        $before = (Get-EmulatorRetryTotal $emulator).triggers

        $problem = { Invoke-WriterJobRetry -Id $failed[1] -HistoryPath $foreign -Force } | Should -Throw -PassThru

        $problem.FullyQualifiedErrorId | Should -Be 'WriterRetryHistoryInvalid,WriterJobs.InvokeWriterJobRetryCommand'
        $problem.CategoryInfo.Category | Should -Be 'InvalidData'
        $problem.TargetObject | Should -Be $foreign
        (Get-EmulatorRetryTotal $emulator).triggers | Should -Be $before
    }

    It 'warns that -MaxRetriesPerJob takes effect only with -HistoryPath' {
        $null = Invoke-WriterJobRetry -Id $failed[2] -MaxRetriesPerJob 2 -WhatIf -WarningVariable warned -WarningAction SilentlyContinue 6>$null

        $warned.Message | Should -Contain '-MaxRetriesPerJob, -MinRetryInterval and -HistoryRetention take effect only with -HistoryPath.'
    }
}

Describe 'A run against a server that stalls mid-body' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 10 -Failed 0.5 -ExtraArgument '--fault-rate', '1', '--faults', 'StallMidBody'
        $environment = (Get-KeyEnvironment $emulator) + @{ WRITER_TIMEOUT_SECONDS = '2'; WRITER_MAX_RETRIES = '0' }
        $run = Invoke-ScheduledRun $environment @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'))
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'ends at the request timeout with exit code 2, saying so' {
        $run.ExitCode | Should -Be 2 -Because $run.Output
        $run.Output | Should -BeLike '*did not arrive within 2 s*'
    }
}
