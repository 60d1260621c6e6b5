# Invoke-WriterJobSweep when runs overlap or end early, as a scheduler's runs do: three runs at once, a run killed
# mid-way (Process.Kill), a run stopped partway (Ctrl+C, SIGTERM), the API gone during -Wait, a wait cut short by -Timeout
# (seconds), a server that stalls.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force

    # Waits until the file has that many lines matching the pattern.
    function Wait-LogLine([string] $Path, [string] $Pattern, [int] $Count) {
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while (@(Get-Content -LiteralPath $Path -ErrorAction Ignore | Where-Object { $_ -match $Pattern }).Count -lt $Count) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "No $Count line(s) matching '$Pattern' in $Path." }
            Start-Sleep -Milliseconds 50
        }
    }
}

Describe 'Defaults that fit an hourly schedule' {
    BeforeAll { Import-BuiltModule }

    It 'waits less than the hour between two retries of a job by default, so the next hourly run may retry it' {
        [WriterJobs.InvokeWriterJobSweepCommand]::new().MinRetryInterval | Should -BeLessThan ([TimeSpan]::FromMinutes(50))
    }
}

Describe 'Three runs at once' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 90 -Failed 0.5 -CompletionMs 300 -ExtraArgument '--latency-ms', '20'
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $history = Join-Path $TestDrive 'history.json'
        $started = @(1..3 | ForEach-Object {
                Start-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', $history, '-MinRetryInterval', '0', '-ReportPath', (Join-Path $TestDrive "run$_.json"))
            })
        $runs = @($started | ForEach-Object { Wait-ScheduledSweep $_ })
        $rows = @(1..3 | ForEach-Object { Get-Content (Join-Path $TestDrive "run$_.json") -Raw | ConvertFrom-Json | ForEach-Object { $_ } })
        $retries = Get-EmulatorRetryTotal $emulator
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'retry each failed job once in all, at -MinRetryInterval 0' {
        $retries.jobsTriggeredMoreThanOnce | Should -Be 0
        $retries.triggers | Should -Be $failed.Count
        @($rows | Where-Object Action -EQ Retried | ForEach-Object Id | Sort-Object) | Should -Be @($failed.Guid | Sort-Object)
    }

    It 'report a job another run retried as such, and all exit with 0: no false alarm' {
        $runs.ExitCode | Should -Be 0, 0, 0 -Because ($runs.Text -join "`n")
        $rows | Where-Object Action -NE Retried | ForEach-Object { $_.Action | Should -BeIn 'RetriedByAnotherRun', 'Skipped' }
    }
}

Describe 'A run killed mid-way (Process.Kill)' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 120 -Failed 0.5 -CompletionMs 300 -ExtraArgument '--latency-ms', '150'
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $history = Join-Path $TestDrive 'history.json'
        $log = Join-Path $TestDrive 'sweep.log'
        $arguments = @('-ApplicationId', 'app-1', '-HistoryPath', $history, '-LogPath', $log)
        $run = Start-ScheduledSweep (Get-SweepEnvironment $emulator) ($arguments + @('-ThrottleLimit', '2'))
        Wait-LogLine $log 'action=Retried' 5
        $run.Process.Kill()
        $run.Process.WaitForExit()
        $killedLog = @(Get-Content -LiteralPath $log)
        $sentBeforeKill = (Get-EmulatorRetryTotal $emulator).triggers
        $next = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) $arguments
        $retries = Get-EmulatorRetryTotal $emulator
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'leaves a log of whole lines, a line per job it decided, stamped as it went' {
        $killedLog | ForEach-Object { $_ | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (sweep started|app=|job=\S+ app=app-1 action=Retried previous=failed status=in_progress message="Retry accepted\.")' }
        $jobs = @(Read-SweepLog ($killedLog -join "`n") | Where-Object Id)
        $jobs.Count | Should -BeGreaterOrEqual 5
        $jobs.Count | Should -BeLessOrEqual $sentBeforeKill
        $jobs[-1].Time - $jobs[0].Time | Should -BeGreaterThan ([TimeSpan]::FromMilliseconds(100))
    }

    It 'leaves a history the next run reads; that run finishes the rest and exits with 0' {
        $next.ExitCode | Should -Be 0 -Because $next.Text
        $next.Output | Should -Match 'action=Retried'
    }

    It 'never retried a job twice' {
        $retries.jobsTriggeredMoreThanOnce | Should -Be 0
        $retries.triggers | Should -BeLessOrEqual $failed.Count
    }
}

Describe 'A run stopped partway (Ctrl+C)' {
    BeforeAll {
        Import-BuiltModule
        $emulator = Start-WriterEmulator -Jobs 60 -Failed 0.5 -CompletionMs 300 -ExtraArgument '--latency-ms', '200'
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $log = Join-Path $TestDrive 'sweep.log'
        $report = Join-Path $TestDrive 'report.csv'
        $key = [pscredential]::new('sweep', (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force))
        # A runspace of its own, stopped as Ctrl+C stops a console's pipeline; the key as a credential.
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($Manifest, $BaseUri, $Key, $History, $Log, $Report)
                Import-Module $Manifest
                $env:WRITER_BASE_URL = $BaseUri
                Invoke-WriterJobSweep -ApplicationId app-1 -HistoryPath $History -LogPath $Log -ReportPath $Report -Credential $Key -ThrottleLimit 1
            }).AddArgument((Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')).AddArgument($emulator.BaseUri).AddArgument($key).AddArgument((Join-Path $TestDrive 'history.json')).AddArgument($log).AddArgument($report)
        $savedBaseUrl = $env:WRITER_BASE_URL
        $handle = $shell.BeginInvoke()
        Wait-LogLine $log 'action=Retried' 3
        $shell.Stop()
        $env:WRITER_BASE_URL = $savedBaseUrl
        $rows = @(Import-Csv -LiteralPath $report)
    }

    AfterAll {
        $shell.Dispose()
        Stop-WriterEmulator $emulator
    }

    It 'writes the report all the same: a row per job found, NotSent for the ones it never reached' {
        @($rows.Id | Sort-Object) | Should -Be @($failed.Guid | Sort-Object)
        @($rows | Where-Object Action -EQ Retried).Count | Should -BeGreaterOrEqual 3
        @($rows | Where-Object Action -EQ NotSent).Count | Should -BeGreaterThan 0
        $rows | ForEach-Object { $_.Action | Should -BeIn 'Retried', 'NotSent', 'Failed' }
    }

    It 'logs that it stopped, with the summary of what it did' {
        (Get-Content -LiteralPath $log)[-1] | Should -Match 'sweep ended: exit=1 outcome=NeedsAttention .*stopped'
    }
}

Describe 'A run stopped by SIGTERM (systemd stopping the unit, a container''s stop)' -Skip:$IsWindows {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 60 -Failed 0.5 -CompletionMs 300 -ExtraArgument '--latency-ms', '200'
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $log = Join-Path $TestDrive 'sweep.log'
        $report = Join-Path $TestDrive 'report.csv'
        $run = Start-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'), '-LogPath', $log, '-ReportPath', $report, '-ThrottleLimit', '1')
        Wait-LogLine $log 'action=Retried' 3
        & /bin/kill -TERM $run.Process.Id
        $ended = Wait-ScheduledSweep $run -TimeoutSeconds 60
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'ends as Ctrl+C ends it: the report with a row per job found, the summary line, and exit code 1' {
        $ended.ExitCode | Should -Be 1 -Because $ended.Text
        @(Import-Csv -LiteralPath $report | ForEach-Object Id | Sort-Object) | Should -Be @($failed.Guid | Sort-Object)
        (Get-Content -LiteralPath $log)[-1] | Should -Match 'sweep ended: exit=1 outcome=NeedsAttention .*stopped'
    }
}

Describe 'The API gone during -Wait' {
    BeforeAll {
        # Retried jobs stay in progress, so the wait is still on when the API goes.
        $emulator = Start-WriterEmulator -Jobs 20 -Failed 0.5 -CompletionMs 600000
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $log = Join-Path $TestDrive 'sweep.log'
        $report = Join-Path $TestDrive 'report.json'
        $environment = (Get-SweepEnvironment $emulator) + @{ WRITER_MAX_RETRIES = '1' }
        $run = Start-ScheduledSweep $environment @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'), '-Wait', '-Timeout', '300', '-LogPath', $log, '-ReportPath', $report)
        Wait-LogLine $log 'waiting for' 1
        Stop-WriterEmulator $emulator
        $ended = Wait-ScheduledSweep $run
    }

    It 'exits with 1, not 2: the retries were sent' {
        $ended.ExitCode | Should -Be 1 -Because $ended.Text
        $ended.Output | Should -Not -Match 'outcome=CouldNotRun'
    }

    It 'keeps a record and a log line per retried job' {
        $rows = @(Get-Content -LiteralPath $report -Raw | ConvertFrom-Json)

        @($rows.Id | Sort-Object) | Should -Be @($failed.Guid | Sort-Object)
        $rows | ForEach-Object { $_.Action | Should -Be 'Retried' }
        foreach ($id in $failed) { Get-Content -LiteralPath $log -Raw | Should -Match "job=$id app=app-1 action=Retried" }
    }
}

Describe '-Timeout is seconds' {
    BeforeAll {
        # Retried jobs stay in progress far longer than the test.
        $emulator = Start-WriterEmulator -Jobs 10 -Failed 0.5 -CompletionMs 600000
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $run = Invoke-ScheduledSweep (Get-SweepEnvironment $emulator) @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'), '-Wait', '-Timeout', '3')
        $watch.Stop()
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'stops waiting after about three seconds and exits with 1, the jobs still running' {
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Output | Should -Match 'status=in_progress message="Retry accepted; still in progress when the wait timed out'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 40
    }
}

Describe 'A run against a server that stalls mid-body' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 10 -Failed 0.5 -ExtraArgument '--fault-rate', '1', '--faults', 'StallMidBody'
        $environment = (Get-SweepEnvironment $emulator) + @{ WRITER_TIMEOUT_SECONDS = '2'; WRITER_MAX_RETRIES = '0' }
        $run = Invoke-ScheduledSweep $environment @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'))
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'ends at the request timeout: the application is not listed, nothing sent, exit code 2, saying so' {
        $run.ExitCode | Should -Be 2 -Because $run.Text
        $run.Output | Should -Match 'app=app-1 not listed: WriterRequestTimeout .*within 2 s'
    }
}
