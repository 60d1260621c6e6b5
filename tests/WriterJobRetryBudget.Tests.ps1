# Get-WriterJobRetryBudget and Reset-WriterJobRetryBudget, one file for the two views of one history: what a job's
# budget leaves, and giving it back, in real pwsh against an emulator process. The history's format and locking:
# xunit (Retry/); Invoke-WriterJobRetry -HistoryPath: RetryHistory.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe 'Get-WriterJobRetryBudget and Reset-WriterJobRetryBudget' {
    BeforeAll {
        $emulator = Start-ConnectedEmulator -Jobs 20 -Failed 1 -CompletionMs 600000
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
        $history = Join-Path $TestDrive 'budget.json'
        $null = Invoke-WriterJobRetry -Id $failed[0..2] -HistoryPath $history -MaxRetriesPerJob 2
    }

    AfterAll { Stop-ConnectedEmulator $emulator }

    It 'shows every job of the history with what its budget leaves' {
        $budgets = @(Get-WriterJobRetryBudget -HistoryPath $history -MaxRetriesPerJob 2)

        @($budgets.Id | Sort-Object) | Should -Be @($failed[0..2] | Sort-Object)
        $budgets | ForEach-Object { $_.Retries | Should -Be 1; $_.RetriesLeft | Should -Be 1; $_.NextRetryAt | Should -BeGreaterThan $_.LastRetryAt }
    }

    It 'shows a job the history does not know with its whole budget, and takes piped jobs' {
        $budget = Get-WriterJob -Id $failed[5] | Get-WriterJobRetryBudget -HistoryPath $history

        $budget.Retries | Should -Be 0
        $budget.RetriesLeft | Should -Be 3
    }

    It 'resets nothing under -WhatIf, and writes no file' {
        $before = Get-FolderName $TestDrive

        Reset-WriterJobRetryBudget -HistoryPath $history -Id $failed[0] -WhatIf

        (Get-WriterJobRetryBudget -HistoryPath $history -Id $failed[0]).Retries | Should -Be 1
        Get-FolderName $TestDrive | Should -Be $before
    }

    It 'gives a job its whole budget back' {
        Reset-WriterJobRetryBudget -HistoryPath $history -Id $failed[0] -Confirm:$false

        (Get-WriterJobRetryBudget -HistoryPath $history -Id $failed[0]).Retries | Should -Be 0
        (Get-WriterJobRetryBudget -HistoryPath $history -Id $failed[1]).Retries | Should -Be 1
    }

    It 'refuses -Id $null (an unset variable) with the bad-ID error, and resets nothing' {
        Reset-WriterJobRetryBudget -HistoryPath $history -Id $null -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WriterJobIdInvalid,*'
        (Get-WriterJobRetryBudget -HistoryPath $history -Id $failed[1]).Retries | Should -Be 1
    }

    It 'reads without a connection' {
        Disconnect-Writer
        try { @(Get-WriterJobRetryBudget -HistoryPath $history).Count | Should -Be 2 }
        finally { Connect-WriterEmulator $emulator }
    }
}
