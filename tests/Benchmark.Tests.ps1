# The PowerShell benchmark (tests/Benchmarks/Invoke-WriterJobsBenchmark.ps1) at its -Quick size, so that it cannot rot:
# every row is produced, with numbers. Whether a target is met is never asserted here: timing depends on the machine,
# and the full run is recorded by hand on a quiet one (build.ps1 -Task Benchmark, docs/performance.md).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $script:jsonPath = Join-Path $TestDrive 'rows.json'
    $script:markdownPath = Join-Path $TestDrive 'rows.md'
    # A child PowerShell: the script imports the module, connects and ends with exit.
    $script:output = Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Benchmarks/Invoke-WriterJobsBenchmark.ps1') `
        -Quick -JsonPath $script:jsonPath -MarkdownPath $script:markdownPath 2>&1 | Out-String
    $script:exitCode = $LASTEXITCODE
    $script:rows = if (Test-Path $script:jsonPath) { @(Get-Content $script:jsonPath -Raw | ConvertFrom-Json) } else { @() }
}

Describe 'Invoke-WriterJobsBenchmark.ps1 -Quick' {
    It 'runs to its end: exit code 0 (every target met) or 1 (one missed), never 2 (the benchmark failed)' {
        $script:exitCode | Should -BeIn 0, 1 -Because $script:output
    }

    It 'produces every row of every scenario' {
        $expected = @(
            'Latency 50 ms|Get-WriterJob'
            'Latency 50 ms|ForEach-Object -Parallel { Invoke-RestMethod }'
            'Latency 50 ms|foreach { Invoke-RestMethod }'
            'Zero latency|Get-WriterJob'
            'Zero latency|ForEach-Object -Parallel { Invoke-RestMethod }'
            'Zero latency|foreach { Invoke-RestMethod }'
            'Quota 100/s|Get-WriterJob'
            'Quota 100/s|ForEach-Object -Parallel { Invoke-RestMethod }'
            'Quota 100/s|foreach { Invoke-RestMethod }'
            'Memory, 1000 piped IDs|Get-WriterJob'
            'Memory, 5000 piped IDs|Get-WriterJob'
            'Memory, 5000 piped IDs|ForEach-Object { [pscustomobject] } (no request, control)'
            'Retry, zero latency|Invoke-WriterJobRetry'
            'Retry, zero latency|ForEach-Object -Parallel { Invoke-RestMethod; Invoke-RestMethod -Method Post }'
            'Retry, zero latency|foreach { Invoke-RestMethod; Invoke-RestMethod -Method Post }'
            'Retry history, zero latency|Invoke-WriterJobRetry (no history, 4 runs)'
            'Retry history, zero latency|Invoke-WriterJobRetry -HistoryPath (new history)'
            'Retry history, zero latency|Invoke-WriterJobRetry -HistoryPath (history of 100 old jobs)'
            'Retry history, zero latency|Invoke-WriterJobRetry -HistoryPath (history of 10,000 old jobs)'
            'Minimum requests|Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry'
            'Minimum requests|Get-WriterJob -ApplicationId app-2 -Status failed | Invoke-WriterJobRetry'
        )

        @($script:rows | ForEach-Object { "$($_.Scenario)|$($_.Side)" }) | Should -Be $expected -Because $script:output
    }

    It 'gives every row a time, a rate, a request count and a result, with no request failed' {
        $script:rows | Should -Not -BeNullOrEmpty
        foreach ($row in $script:rows) {
            $because = "$($row.Scenario) / $($row.Side)"
            $row.N | Should -BeGreaterThan 0 -Because $because
            $row.Seconds | Should -BeGreaterThan 0 -Because $because
            [double]::IsFinite($row.RequestsPerSecond) | Should -BeTrue -Because $because
            [double]::IsFinite($row.Value) | Should -BeTrue -Because $because
            $row.Errors | Should -Be 0 -Because "$because ($($row.Note))"
            $row.Result | Should -Not -BeNullOrEmpty -Because $because
            $row.Met | Should -BeIn 'yes', 'no', '-' -Because $because
            if ($row.Side -notmatch 'control') {
                $row.Requests | Should -BeGreaterOrEqual $row.N -Because "$because sends a request an ID at least"
            }
        }
    }

    It 'judges exactly the rows that carry a target' {
        $judged = @($script:rows | Where-Object Met -ne '-')

        @($judged | ForEach-Object { "$($_.Scenario)|$($_.Side)" }) | Should -Be @(
            'Latency 50 ms|Get-WriterJob'
            'Zero latency|Get-WriterJob'
            'Quota 100/s|Get-WriterJob'
            'Memory, 5000 piped IDs|Get-WriterJob'
            'Retry history, zero latency|Invoke-WriterJobRetry -HistoryPath (new history)'
            'Retry history, zero latency|Invoke-WriterJobRetry -HistoryPath (history of 100 old jobs)'
            'Retry history, zero latency|Invoke-WriterJobRetry -HistoryPath (history of 10,000 old jobs)'
            'Minimum requests|Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry'
            'Minimum requests|Get-WriterJob -ApplicationId app-2 -Status failed | Invoke-WriterJobRetry'
        )
        $judged.Target | Should -Not -Contain '-'
    }

    It 'writes the same rows as a markdown table' {
        $lines = @(Get-Content $script:markdownPath | Where-Object { $_ -like '|*' })

        $lines[0] | Should -Match '^\| Scenario \| Side \|.*\| Met \|$'
        $lines.Count | Should -Be ($script:rows.Count + 2)
    }
}
