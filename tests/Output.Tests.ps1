# What every cmdlet writes, where PowerShell decides it, in real pwsh against an emulator process: statuses and
# actions as words, the default tables, -Id and the public type names, progress where a person watches, and tab
# completion of -ApplicationId.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Output: what every cmdlet writes' {
    BeforeAll {
        $script:emulator = Start-MinuteJobEmulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

    Context 'Statuses and actions serialise as words' {
        BeforeAll {
            $script:job = Get-WriterJob -Id (Get-FailedJobId 1)
            $script:record = $script:job | Invoke-WriterJobRetry -WhatIf 6>$null
        }

        It 'ConvertTo-Json writes "Status": "failed", "PreviousStatus": "failed" and "Action": "WhatIf"' {
            ($script:job | ConvertTo-Json) | Should -Match '"Status": "failed"'
            $json = $script:record | ConvertTo-Json
            $json | Should -Match '"PreviousStatus": "failed"'
            $json | Should -Match '"Action": "WhatIf"'
            ($json | ConvertFrom-Json).Status | Should -BeOfType [string]
        }

        It 'writes words with a serialiser that writes enums as numbers, as Windows PowerShell 5.1''s ConvertTo-Json does' {
            $options = [System.Text.Json.JsonSerializerOptions]::new()
            $json = [System.Text.Json.JsonSerializer]::Serialize($script:record, [WriterJobs.WriterJobRetryResult], $options)

            $json | Should -Match '"Action":"WhatIf"'
            $json | Should -Match '"Status":"failed"'
            [System.Text.Json.JsonSerializer]::Serialize([WriterJobs.WriterJobStatus]::failed, [WriterJobs.WriterJobStatus], $options) |
                Should -Be '2' -Because 'the enum alone is still a number'
        }

        It 'Export-Csv writes the words, and Import-Csv reads them back' {
            $csv = Join-Path $TestDrive 'records.csv'
            $script:record | Export-Csv -LiteralPath $csv -NoTypeInformation
            $script:job | Export-Csv -LiteralPath (Join-Path $TestDrive 'jobs.csv') -NoTypeInformation

            $row = Import-Csv -LiteralPath $csv
            $row.Action | Should -Be 'WhatIf'
            $row.PreviousStatus | Should -Be 'failed'
            (Import-Csv -LiteralPath (Join-Path $TestDrive 'jobs.csv')).Status | Should -Be 'failed'
        }

        It 'keeps Where-Object and comparisons with the enum working' {
            @($script:job | Where-Object Status -EQ failed) | Should -HaveCount 1
            $script:job.Status -eq [WriterJobs.WriterJobStatus]::failed | Should -BeTrue
            [WriterJobs.WriterJobStatus]::failed -eq $script:job.Status | Should -BeTrue
            [WriterJobs.WriterJobStatus] $script:job.Status | Should -Be ([WriterJobs.WriterJobStatus]::failed)
            $script:record.Action -eq [WriterJobs.WriterJobRetryAction]::WhatIf | Should -BeTrue
        }
    }

    Context 'The default tables at 80 and 120 columns' {
        BeforeAll {
        # Runs a script in a child pwsh on a terminal of this many columns, the module imported: what it writes to the file
        # given as $args[0], read back. `script` gives the child a real terminal, whose width PowerShell formats to.
        function script:Invoke-OnConsole([int] $Width, [string] $Script) {
            $file = Join-Path $TestDrive "console-$Width.ps1"
            $out = Join-Path $TestDrive "console-$Width.txt"
            Set-Content -LiteralPath $file -Value ("`$PSStyle.OutputRendering = 'PlainText'`nImport-Module '$(Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')'`n" + $Script)
            $pwsh = (@(Get-PwshCommand) | ForEach-Object { "'$_'" }) -join ' '
            $null = & script -qec "stty cols $Width rows 50; $pwsh -NoProfile -NonInteractive -File '$file' '$out'" /dev/null
            Get-Content -LiteralPath $out
        }
            $script:jobError = 'The model returned an empty answer after three attempts; the input was too long for it.'
            $script:message = 'Job 0b8e6a1c-6f4a-4f3e-9d2b-7c1a5e9f3d20 had 3 retries of at most 3 (retry history): not retried.'
            $script:tables = @"
`$at = [DateTimeOffset]::new(2026, 12, 2, 1, 15, 0, [TimeSpan]::FromHours(2))
`$job = [WriterJobs.WriterJob]::new([guid]::NewGuid(), 'failed', 'app-1', `$at, `$at, `$at, `$null, `$null, `$null, '$($script:jobError)')
`$record = [WriterJobs.WriterJobRetryResult]::new([guid]::NewGuid(), 'app-1', 'failed', 'OverBudget', 'failed', `$at, '$($script:message)')
# Format-Table as Out-Default shows them, at the console's width; the invariant culture cuts words PowerShell wraps.
[cultureinfo]::CurrentCulture = [cultureinfo]::InvariantCulture
(`$job | Out-String) + (`$record | Out-String) | Set-Content -LiteralPath `$args[0]
"@
            # The last column of a table, from the line under its header to the blank line after its rows.
            function script:Get-LastColumn([string[]] $Lines, [string] $Header) {
                $at = [array]::FindIndex($Lines, [Predicate[string]] { param($line) $line -match "^Id\s.*\s$Header\s*$" })
                $start = $Lines[$at].IndexOf($Header)
                $rows = [Collections.Generic.List[string]]::new()
                foreach ($line in $Lines[($at + 2)..($Lines.Count - 1)]) {
                    if (-not $line.Trim()) { break }
                    if ($line.Length -gt $start) { $rows.Add($line.Substring($start).Trim()) }
                }
                $rows
            }
        }

        It 'at <width> columns, breaks Error and Message between words, keeps OverBudget whole and stays within the width' -ForEach @(@{ width = 80 }, @{ width = 120 }) {
            $lines = @(Invoke-OnConsole $width $script:tables)

            $lines | Where-Object { $_.Length -gt $width } | Should -BeNullOrEmpty
            (Get-LastColumn $lines 'Error') -join ' ' | Should -Be $script:jobError
            # The GUID is wider than the Message column at 80: it is broken after one of its hyphens.
            (Get-LastColumn $lines 'Message') -join ' ' -replace '- ', '-' | Should -Be $script:message
            ($lines -join "`n") | Should -Match '\sOverBudget\s+failed\s'
            ($lines -join "`n") | Should -Match 'Updated \(UTC\)'
            ($lines -join "`n") | Should -Match '\sfailed\s+2026-12-01 23:15\s'
        }

        It 'widens the last column at 120 columns' {
            $narrow = @(Get-LastColumn (Invoke-OnConsole 80 $script:tables) 'Error')
            $wide = @(Get-LastColumn (Invoke-OnConsole 120 $script:tables) 'Error')

            $wide.Count | Should -BeLessThan $narrow.Count
            ($wide | Measure-Object Length -Maximum).Maximum | Should -BeGreaterThan 40
            ($narrow | Measure-Object Length -Maximum).Maximum | Should -BeLessOrEqual 14
        }

        It 'keeps the whole text when the output is narrower than the console (Out-String -Width)' {
            $job = Get-WriterJob -Id (Get-FailedJobId 1)

            $shown = $job | Out-String -Width 80

            ($shown -replace '\s') | Should -BeLike "*$([WildcardPattern]::Escape($job.Error -replace '\s'))*"
            $shown | Should -Match "$($job.Id)\s+failed\s+$($job.UpdatedAt.UtcDateTime.ToString('yyyy-MM-dd HH:mm'))"
        }
    }

    Context '-Id is a string array; the public types resolve by name' {
        It 'shows -Id as a string array in every syntax line that has it' {
            foreach ($command in 'Get-WriterJob', 'Invoke-WriterJobRetry', 'Wait-WriterJob') {
                $idSyntax = @((Get-Command $command).ParameterSets | Where-Object { $_.Parameters.Name -contains 'Id' } | ForEach-Object { "$_" })
                $idSyntax | Should -Not -BeNullOrEmpty
                # Positional in the default set ([-Id]); Get-WriterJob's by-property set takes it by name only (-Id).
                $idSyntax | ForEach-Object { $_ | Should -Match '(\[-Id\]|-Id) <string\[\]>' }
                (Get-Command $command).Parameters['Id'].Aliases | Should -Contain 'JobId'
            }
        }

        It 'binds by position, by value (a GUID or a string) and by property name; a job object binds to -InputObject' {
            $id = Get-FailedJobId 1
            $job = Get-WriterJob -Id $id

            (Get-WriterJob $id).Id | Should -Be $id
            ([guid] $id | Get-WriterJob).Id | Should -Be $id
            ("$id" | Get-WriterJob).Id | Should -Be $id
            ([pscustomobject]@{ JobId = "$id" } | Get-WriterJob).Id | Should -Be $id
            ([pscustomobject]@{ JobId = [guid] $id } | Wait-WriterJob -Timeout 0).Id | Should -Be $id -Because 'a GUID property is not the object''s text'
            (Get-WriterJob -Id $job).Id | Should -Be $id -Because 'an object given to -Id gives its Id'
            $sent = Measure-EmulatorRequest $script:emulator { $job | Invoke-WriterJobRetry -WhatIf 6>$null }
            $sent.Output.PreviousStatus | Should -Be 'failed'
            $sent.GetJob | Should -Be 0 -Because 'a job object binds to -InputObject and is not read again'
        }

        # A bad item of -Id is that item's error, the rest going on: Get-WriterJob.Tests.ps1 and
        # Invoke-WriterJobRetry.Tests.ps1 (Invoke-WriterJobRetry and Wait-WriterJob).
        It 'resolves [WriterJobs.WriterJob] and the other public types, so a function can take job objects' {
            function Get-JobCount { param([WriterJobs.WriterJob[]] $Job) $Job.Count }
            $job = Get-WriterJob -Id (Get-FailedJobId 1)

            Get-JobCount -Job $job, $job | Should -Be 2
            $job | Should -BeOfType ([WriterJobs.WriterJob])
            foreach ($name in 'WriterJobs.WriterJobRetryResult', 'WriterJobs.WriterConnectionInfo', 'WriterJobs.WriterJobStatus', 'WriterJobs.WriterJobRetryAction', 'WriterJobs.WriterApiException', 'WriterJobs.WriterErrorKind') {
                ($name -as [type]).FullName | Should -Be $name
            }
        }

        It 'registers the names at import and removes them at Remove-Module (in a fresh session)' {
            $script = @"
`$accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')
Import-Module '$(Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')'
'imported ' + ((`$accelerators::Get.Keys -like 'WriterJobs.*' | Sort-Object) -join ',')
'resolves ' + ('WriterJobs.WriterJob' -as [type]).Assembly.GetName().Name
Remove-Module WriterJobs
'removed ' + @(`$accelerators::Get.Keys -like 'WriterJobs.*').Count
"@
            $output = Invoke-Pwsh -NoProfile -NonInteractive -Command $script

            $imported = ($output | Where-Object { $_ -like 'imported *' }).Substring(9) -split ','
            foreach ($name in 'WriterJob', 'WriterJobRetryResult', 'WriterConnectionInfo', 'WriterJobStatus', 'WriterJobRetryAction', 'WriterApiException', 'WriterErrorKind') {
                $imported | Should -Contain "WriterJobs.$name"
            }
            # The advice is internal: users read it worded, in ErrorDetails.RecommendedAction.
            $imported | Should -Not -Contain 'WriterJobs.WriterAdvice'
            $output | Should -Contain 'resolves WriterJobs.Engine'
            $output | Should -Contain 'removed 0'
        }

        It 'shows Get-Member no engine method and no assembly-qualified type name' {
            $job = Get-WriterJob -Id (Get-FailedJobId 1)
            $record = $job | Invoke-WriterJobRetry -WhatIf 6>$null

            $null = Get-WriterJob -Id ([guid]::NewGuid()) -ErrorVariable problems -ErrorAction SilentlyContinue

            $members = ($job | Get-Member | Out-String -Width 300) + ($record | Get-Member | Out-String -Width 300) +
                ($problems[0].Exception | Get-Member | Out-String -Width 300) + (Get-WriterConnection | Get-Member | Out-String -Width 300)

            $members | Should -Not -Match 'After|Version=|PublicKeyToken'
            ($record | Get-Member -MemberType Method).Name | Sort-Object | Should -Be @('Equals', 'GetHashCode', 'GetType', 'ToString')
        }
    }

    Context 'Progress where a person watches' {
        BeforeAll {
            # Progress is shown only where a person may watch: a child pwsh started without -NonInteractive and outside CI.
            # The command runs there in a runspace of the console host, whose Streams.Progress keeps every record written.
            function script:Get-ChildProgress([string] $Command) {
                $script = @"
`$runspace = [runspacefactory]::CreateRunspace(`$Host)
`$runspace.Open()
`$nested = [powershell]::Create()
`$nested.Runspace = `$runspace
`$null = `$nested.AddScript({
    Import-Module '$(Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')'
    Connect-Writer -ApiKey (ConvertTo-SecureString '$($script:emulator.ApiKey)' -AsPlainText -Force) -BaseUri '$($script:emulator.BaseUri)'
    $Command
}).Invoke()
`$nested.Streams.Progress | ForEach-Object { [pscustomobject]@{ Activity = `$_.Activity; Status = `$_.StatusDescription; Percent = `$_.PercentComplete; SecondsLeft = `$_.SecondsRemaining; Type = "`$(`$_.RecordType)" } } |
    ConvertTo-Json -AsArray
"@
                $file = Join-Path $TestDrive 'progress.ps1'
                Set-Content $file -Value $script
                $saved = $env:CI, $env:TF_BUILD
                try {
                    $env:CI = $env:TF_BUILD = $null
                    (Invoke-Pwsh -NoProfile -File $file | Out-String) | ConvertFrom-Json
                }
                finally {
                    $env:CI, $env:TF_BUILD = $saved
                }
            }
        }

        It 'Get-WriterJob -Id shows counts, a percentage and a time estimate' {
            $ids = ($script:completed * 3)[0..29] -join "','"

            $records = @(Get-ChildProgress "Get-WriterJob -Id '$ids' -ThrottleLimit 4")

            $counted = @($records | Where-Object { $_.Activity -eq 'Reading Writer jobs' -and $_.Type -eq 'Processing' })
            $counted | Should -Not -BeNullOrEmpty
            $counted[-1].Status | Should -Match '^\d+ of 30 job\(s\) read$'
            $counted[-1].Percent | Should -BeGreaterThan 0
            $counted[-1].SecondsLeft | Should -BeGreaterOrEqual 0
            $records[-1].Type | Should -Be 'Completed'
        }

        It 'Invoke-WriterJobRetry -Wait shows progress while it polls' {
            $ids = @(Get-FailedJobId 2) -join "','"

            $records = @(Get-ChildProgress "Invoke-WriterJobRetry -Id '$ids' -Wait -Timeout 3 -PollInterval 1 -WarningAction SilentlyContinue")

            $polling = @($records | Where-Object { $_.Activity -eq 'Waiting for retried Writer jobs' -and $_.Type -eq 'Processing' })
            $polling | Should -Not -BeNullOrEmpty
            $polling[0].Status | Should -Be '0 of 2 job(s) done'
        }

        It 'a listing shows the count of the total, a percentage and a time estimate' {
            $total = @(Get-EmulatorJobId $script:emulator -ApplicationId 'app-1').Count

            $records = @(Get-ChildProgress "Get-WriterJob -ApplicationId 'app-1'")

            $listed = @($records | Where-Object { $_.Activity -like 'Listing jobs*' -and $_.Type -eq 'Processing' })
            $listed | Should -Not -BeNullOrEmpty
            $listed[0].Status | Should -Match "^\d+ of $total job\(s\) listed$"
            $listed[0].Percent | Should -BeGreaterThan 0
            $listed[0].SecondsLeft | Should -BeGreaterOrEqual 0
        }

        It 'shows nothing when the session is not interactive (CI set)' {
            $saved = $env:CI
            try {
                $env:CI = 'true'
                $script = "`$r = [runspacefactory]::CreateRunspace(`$Host); `$r.Open(); `$n = [powershell]::Create(); `$n.Runspace = `$r; " +
                    "`$null = `$n.AddScript({ Import-Module '$(Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')'; Connect-Writer -ApiKey (ConvertTo-SecureString '$($script:emulator.ApiKey)' -AsPlainText -Force) -BaseUri '$($script:emulator.BaseUri)'; Get-WriterJob -ApplicationId 'app-1' }).Invoke(); `$n.Streams.Progress.Count"

                Invoke-Pwsh -NoProfile -Command $script | Should -Be 0
            }
            finally {
                $env:CI = $saved
            }
        }
    }

    Context '-ApplicationId tab completion' {
        It 'completes from the applications of the jobs this session has seen' {
            $null = Get-WriterJob -ApplicationId 'app-2' -First 1

            $line = 'Get-WriterJob -ApplicationId app-'
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $startLine = 'Start-WriterJob -ApplicationId app-2'
            $forStart = (TabExpansion2 -inputScript $startLine -cursorColumn $startLine.Length).CompletionMatches.CompletionText

            $completions | Should -Contain 'app-2'
            $forStart | Should -Be @('app-2')
        }
    }
}
