# Invoke-WriterJobRetry -HistoryPath, where PowerShell decides, counted at the emulator: a faithful -WhatIf that
# writes no file, -HistoryPath as PowerShell paths, one record per input whatever stops the command, and a run killed
# (kill -9) at any moment. The budget commands: WriterJobRetryBudget.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe '-WhatIf predicts what a real run does, and writes no file' {
    BeforeAll {
        $emulator = Start-ConnectedEmulator -Jobs 40 -Failed 0.5 -CompletionMs 600000 -ExtraArgument '--in-progress', '0.2'
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $completed = @(Get-EmulatorJobId $emulator -Status completed)[0]
        $running = @(Get-EmulatorJobId $emulator -Status in_progress)[0]
        $folder = Join-Path $TestDrive 'whatif'
        $null = New-Item -ItemType Directory $folder
        $history = Join-Path $folder 'history.json'
        # A failed job retried once, a minute ago, by an earlier run: the documented file format, written as it is.
        $minuteAgo = [DateTimeOffset]::UtcNow.AddMinutes(-1).ToString('o')
        Set-Content -LiteralPath $history -Value "{ ""format"": ""WriterJobs.RetryHistory/2"", ""generation"": 1, ""jobs"": { ""$($failed[0])"": { ""retries"": 1, ""lastRetryAt"": ""$minuteAgo"" } } }"
    }

    AfterAll { Stop-ConnectedEmulator $emulator }

    It 'records for each job the action a real run would take: <Case>' -ForEach @(
        @{ Case = 'a failed job within its budget'; Pick = { $failed[1] }; Budget = @{}; Action = 'WhatIf' }
        @{ Case = 'a completed job'; Pick = { $completed }; Budget = @{}; Action = 'Skipped' }
        @{ Case = 'a job in progress'; Pick = { $running }; Budget = @{}; Action = 'Skipped' }
        @{ Case = 'a job over its budget'; Pick = { $failed[0] }; Budget = @{ MaxRetriesPerJob = 1 }; Action = 'OverBudget' }
        @{ Case = 'a job retried too recently'; Pick = { $failed[0] }; Budget = @{ MinRetryInterval = 3600 }; Action = 'TooSoon' }
    ) {
        $before = Get-FolderName $folder
        $sent = (Get-EmulatorRetryTotal $emulator).triggers

        $record = Invoke-WriterJobRetry -Id (& $Pick) -HistoryPath $history @Budget -WhatIf -WarningAction SilentlyContinue

        $record.Action | Should -Be $Action
        $record.Message | Should -BeLike '-WhatIf:*'
        (Get-EmulatorRetryTotal $emulator).triggers | Should -Be $sent
        Get-FolderName $folder | Should -Be $before
    }

    It 'creates no history, journal or lock for a history that does not exist yet' {
        $fresh = Join-Path $folder 'new.json'

        $record = Invoke-WriterJobRetry -Id $failed[2] -HistoryPath $fresh -WhatIf

        $record.Action | Should -Be 'WhatIf'
        Test-Path "$fresh*" | Should -BeFalse
    }

    It 'counts the retries it would send against -MaxRetryCount' {
        $records = Invoke-WriterJobRetry -Id $failed[3..6] -MaxRetryCount 2 -WhatIf

        @($records | Where-Object Action -eq WhatIf) | Should -HaveCount 2
        @($records | Where-Object Action -eq LimitReached) | Should -HaveCount 2
    }
}

Describe '-HistoryPath is a PowerShell path of the FileSystem provider' {
    BeforeAll {
        $emulator = Start-ConnectedEmulator -Jobs 20 -Failed 1 -CompletionMs 600000
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
    }

    AfterAll { Stop-ConnectedEmulator $emulator }

    It 'refuses a path of another provider with one error, before anything is sent, and leaves no stray file: <Path>' -ForEach @(
        @{ Path = 'Env:/WriterHistory' }
        @{ Path = 'Variable:/WriterHistory' }
    ) {
        Push-Location $TestDrive
        try {
            $before = Get-FolderName $TestDrive
            $problem = { Invoke-WriterJobRetry -Id $failed[0] -HistoryPath $Path } | Should -Throw -PassThru

            $problem.FullyQualifiedErrorId | Should -Be 'WriterRetryHistoryInvalid,WriterJobs.InvokeWriterJobRetryCommand'
            $problem.Exception.Message | Should -Match 'provider'
            Get-FolderName $TestDrive | Should -Be $before
            (Get-EmulatorRetryTotal $emulator).triggers | Should -Be 0
        }
        finally { Pop-Location }
    }

    It 'resolves a relative path against the current location, not the process folder' {
        $here = Join-Path $TestDrive 'here'
        $null = New-Item -ItemType Directory $here
        Push-Location $here
        try { $record = Invoke-WriterJobRetry -Id $failed[1] -HistoryPath 'relative.json' }
        finally { Pop-Location }

        $record.Action | Should -Be 'Retried'
        Join-Path $here 'relative.json' | Should -Exist
    }

    It 'refuses a folder with one clear error' {
        $problem = { Invoke-WriterJobRetry -Id $failed[2] -HistoryPath $TestDrive } | Should -Throw -PassThru

        $problem.FullyQualifiedErrorId | Should -Be 'WriterRetryHistoryInvalid,WriterJobs.InvokeWriterJobRetryCommand'
        $problem.Exception.Message | Should -Match 'is a folder'
    }

    It 'takes an empty file, made beforehand to set its permissions, as an empty history' {
        $empty = Join-Path $TestDrive 'empty.json'
        $null = New-Item -ItemType File $empty

        (Invoke-WriterJobRetry -Id $failed[3] -HistoryPath $empty).Action | Should -Be 'Retried'
    }

    It 'allows -MinRetryInterval 0' {
        (Invoke-WriterJobRetry -Id $failed[4] -HistoryPath (Join-Path $TestDrive 'zero.json') -MinRetryInterval 0).Action | Should -Be 'Retried'
    }
}

Describe 'One record per input, whatever stops the command' {
    BeforeAll {
        $emulator = Start-ConnectedEmulator -Jobs 20 -Failed 0.5 -CompletionMs 600000
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $completed = @(Get-EmulatorJobId $emulator -Status completed)

        # Runs the command with its output collected as it comes, so what a stop would lose is visible.
        function Invoke-Collected([scriptblock] $Command) {
            $records = [Collections.Generic.List[object]]::new()
            $stopped = $null
            try { & $Command | ForEach-Object { $records.Add($_) } }
            catch { $stopped = $_ }
            [pscustomobject]@{ Records = $records; Stopped = $stopped }
        }
    }

    AfterAll { Stop-ConnectedEmulator $emulator }

    It 'with the API out of reach: a NotSent record for each of the 4 IDs, then the error' {
        Connect-Writer -ApiKey (ConvertTo-SecureString 'any' -AsPlainText -Force) -BaseUri (Get-ClosedPortUri) -MaxRetries 0
        try { $run = Invoke-Collected { Invoke-WriterJobRetry -Id $failed[0..3] -Force } }
        finally { Connect-WriterEmulator $emulator }

        $run.Records | Should -HaveCount 4
        $run.Records.Action | Sort-Object -Unique | Should -Be 'NotSent'
        $run.Stopped.FullyQualifiedErrorId | Should -BeLike 'WriterApiUnreachable*'
    }

    It 'with -ErrorAction Stop: the failing job''s record, the others'' records, then the error' {
        $ids = @([guid]::NewGuid()) + $failed[4..6]

        $run = Invoke-Collected { Invoke-WriterJobRetry -Id $ids -ThrottleLimit 1 -ErrorAction Stop }

        $run.Records | Should -HaveCount 4
        $run.Records[0].Action | Should -Be 'Failed'
        @($run.Records | Select-Object -Skip 1).Action | ForEach-Object { $_ | Should -BeIn 'NotSent', 'Retried' }
        $run.Stopped.FullyQualifiedErrorId | Should -BeLike 'WriterJobNotFound*'
    }

    It 'with -WarningAction Stop: every record, then the stop' {
        $ids = @($completed[0]) + $failed[7..9]

        $run = Invoke-Collected { Invoke-WriterJobRetry -Id $ids -ThrottleLimit 1 -WarningAction Stop }

        $run.Records | Should -HaveCount 4
        $run.Records[0].Action | Should -Be 'Skipped'
        $run.Stopped | Should -Not -BeNullOrEmpty
    }

    It 'with -Wait cut short because the API went away: the retried jobs'' records say so' {
        $own = Start-WriterEmulator -Jobs 6 -Failed 1 -CompletionMs 600000
        try {
            Connect-WriterEmulator $own
            $ids = @(Get-EmulatorJobId $own -Status failed)
            $emulatorProcess = $own.Process.Id
            $kill = Start-ThreadJob { Start-Sleep -Seconds 3; Stop-Process -Id $using:emulatorProcess -Force }
            $run = Invoke-Collected { Invoke-WriterJobRetry -Id $ids -Wait -Timeout 60 -PollInterval 1 }
            $null = $kill | Wait-Job | Remove-Job
        }
        finally { Stop-WriterEmulator $own; Connect-WriterEmulator $emulator }

        $run.Records | Should -HaveCount $ids.Count
        # Cut short by the error that stops the wait, or, when each job's read failed first, that job's own error.
        $run.Records | ForEach-Object { $_.Action | Should -Be 'Retried'; $_.Message | Should -Match 'cut short|could not be read' }
    }
}

Describe 'A run killed with kill -9 at any moment' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 400 -Failed 1 -CompletionMs 600000 -ExtraArgument '--latency-ms', '40'
        $manifest = Join-Path (Get-ModuleFolder) 'WriterJobs.psd1'
        $folder = Join-Path $TestDrive 'killed'
        $null = New-Item -ItemType Directory $folder
        $history = Join-Path $folder 'history.json'
        $ids = @(Get-EmulatorJobId $emulator -Status failed)
        $idFile = Join-Path $TestDrive 'ids.txt'
        $ids | Set-Content $idFile
        $run = @"
Import-Module '$manifest'
Connect-Writer -ApiKey (ConvertTo-SecureString '$($emulator.ApiKey)' -AsPlainText -Force) -BaseUri '$($emulator.BaseUri)' -RequestsPerMinute 100000
Get-Content '$idFile' | Invoke-WriterJobRetry -HistoryPath '$history' -MaxRetriesPerJob 1 -ThrottleLimit 16 | Out-Null
"@
        $command = @(Get-PwshCommand)
        # Three runs, each killed mid-way at a different moment, then one that finishes.
        foreach ($after in 1500, 2300, 3100) {
            $process = Start-Process -FilePath $command[0] -ArgumentList (@($command | Select-Object -Skip 1) + '-NoProfile', '-NonInteractive', '-Command', $run) -PassThru
            Start-Sleep -Milliseconds $after
            & kill -9 $process.Id
            $process.WaitForExit()
        }
        $finished = Start-Process -FilePath $command[0] -ArgumentList (@($command | Select-Object -Skip 1) + '-NoProfile', '-NonInteractive', '-Command', $run) -PassThru -Wait
        Import-BuiltModule
        $budgets = @(Get-WriterJobRetryBudget -HistoryPath $history -MaxRetriesPerJob 1)
        $triggers = Invoke-RestMethod -Uri "$($emulator.BaseUri.TrimEnd('/'))/_emulator/retries"
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'leaves a history the next run reads and finishes with' {
        $finished.ExitCode | Should -Be 0
        $budgets.Count | Should -BeGreaterThan 0
    }

    It 'never lets a job exceed its budget of one, and never leaves a sent retry unrecorded' {
        $triggers.jobsTriggeredMoreThanOnce | Should -Be 0
        $triggers.triggers | Should -BeLessOrEqual $budgets.Count
    }

    It 'spends at most the jobs in flight at each kill on retries that never left' {
        # A claim is written after the rate gate and before its job takes one of the 16 request slots, so with a
        # history four jobs a slot are in flight (a job waiting for its fsync holds no slot): 64 a kill at most.
        ($budgets.Count - $triggers.triggers) | Should -BeLessOrEqual (3 * 4 * 16)
    }

    It 'leaves no temporary file' {
        @(Get-ChildItem -LiteralPath $folder -Filter '*.tmp') | Should -HaveCount 0
    }
}
