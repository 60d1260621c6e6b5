# Issue 21: the polish a PowerShell expert review found, one Describe per item, each where PowerShell decides it: in
# real pwsh against a real emulator process. Help (item 2) is proved in Help.Tests.ps1.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'The emulator''s made-up keys.')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester blocks share variables across scopes.')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'The wrapper of item 6 hands its -WhatIf on through $WhatIfPreference alone, as the test means it to.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:emulator = Start-ConnectedEmulator -Jobs 60 -Failed 0.5 -CompletionMs 60000 -ApplicationIds 'app-1'
    $script:failed = [System.Collections.Generic.Queue[guid]]::new([guid[]] @(Get-EmulatorJobId $script:emulator -Status failed))
    $script:total = @(Get-EmulatorJobId $script:emulator).Count

    function script:Get-FailedJobId([int] $Count) { 1..$Count | ForEach-Object { $script:failed.Dequeue() } }

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
}

AfterAll {
    Stop-ConnectedEmulator $script:emulator
}

Describe '1. Statuses and actions serialise as words' {
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

Describe '3. The default tables at 80 and 120 columns' {
    BeforeAll {
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

Describe '4. -Id is a string array; the public types resolve by name' {
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

    It 'makes a bad item one error: WriterJobIdInvalid, InvalidArgument, the item as target, naming -Id; the rest go on' {
        $id = Get-FailedJobId 1

        $jobs = @('bad-line', '', $id | Get-WriterJob -ErrorVariable problems -ErrorAction SilentlyContinue)
        $waited = @(Wait-WriterJob -Id 'nope', $id -Timeout 0 -ErrorVariable waitProblems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)

        $jobs.Id | Should -Be $id
        $problems | Should -HaveCount 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.GetWriterJobCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be 'bad-line'
        $problems[0].Exception.Message | Should -Match "-Id 'bad-line'"
        $problems[1].TargetObject | Should -Be ''
        $waited.Id | Should -Be $id
        $waitProblems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.WaitWriterJobCommand'
    }

    It 'resolves [WriterJobs.WriterJob] and the other public types, so a function can take job objects' {
        function Get-JobCount { param([WriterJobs.WriterJob[]] $Job) $Job.Count }
        $job = Get-WriterJob -Id (Get-FailedJobId 1)

        Get-JobCount -Job $job, $job | Should -Be 2
        $job | Should -BeOfType ([WriterJobs.WriterJob])
        foreach ($name in 'WriterJobs.WriterJobRetryResult', 'WriterJobs.WriterConnectionInfo', 'WriterJobs.WriterJobStatus', 'WriterJobs.WriterJobRetryAction', 'WriterJobs.WriterApiException', 'WriterJobs.WriterErrorKind', 'WriterJobs.WriterAdvice') {
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
        foreach ($name in 'WriterJob', 'WriterJobRetryResult', 'WriterConnectionInfo', 'WriterJobStatus', 'WriterJobRetryAction', 'WriterApiException', 'WriterErrorKind', 'WriterAdvice') {
            $imported | Should -Contain "WriterJobs.$name"
        }
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

Describe '5. -IncludeTotalCount writes PowerShell''s paging total' {
    It 'writes the total first, as PagingParameters.NewTotalCount makes it: a UInt64 with Accuracy and "Total count: N"' {
        $result = @(Get-WriterJob -ApplicationId 'app-1' -First 2 -IncludeTotalCount)

        $result | Should -HaveCount 3
        $result[0].PSObject.BaseObject | Should -BeOfType [uint64]
        $result[0].PSObject.BaseObject | Should -Be $script:total
        $result[0].Accuracy | Should -Be 1.0
        $result[0].ToString() | Should -Be "Total count: $($script:total)"
        $result[1] | Should -BeOfType ([WriterJobs.WriterJob])
    }

    It 'writes the total alone with -First 0, from one page of one job' {
        $sent = Measure-EmulatorRequest $script:emulator { Get-WriterJob -ApplicationId 'app-1' -First 0 -IncludeTotalCount }

        @($sent.Output) | Should -HaveCount 1
        (@($sent.Output)[0] | Out-String).Trim() | Should -Be "Total count: $($script:total)"
        $sent.ListJobs | Should -Be 1
    }
}

Describe '6. Connect-Writer and Disconnect-Writer take -WhatIf and -Confirm; a connection belongs to its runspace' {
    AfterEach { Connect-WriterEmulator $script:emulator }

    It 'Connect-Writer -WhatIf changes nothing and writes nothing, even with -PassThru' {
        $before = Get-WriterConnection

        $result = Connect-Writer -ApiKey (ConvertTo-SecureString 'other' -AsPlainText -Force) -BaseUri 'http://127.0.0.1:9/' -RequestsPerMinute 5 -WhatIf -PassThru 6>$null

        $result | Should -BeNullOrEmpty
        (Get-WriterConnection).RequestsPerMinute | Should -Be $before.RequestsPerMinute
        (Get-WriterConnection).BaseUri | Should -Be $before.BaseUri
    }

    It 'Disconnect-Writer -WhatIf and $WhatIfPreference keep the connection; -Confirm:$false disconnects' {
        Disconnect-Writer -WhatIf 6>$null
        & { $WhatIfPreference = $true; Disconnect-Writer 6>$null }
        (Get-WriterConnection).Source | Should -Be 'Connect-Writer'

        Disconnect-Writer -Confirm:$false
        (Get-WriterConnection).Source | Should -Be 'Environment'
    }

    It 'a function with SupportsShouldProcess passes its -WhatIf on to Connect-Writer' {
        function Set-WriterSession {
            [CmdletBinding(SupportsShouldProcess)]
            param([string] $BaseUri)
            Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri $BaseUri
        }
        $before = (Get-WriterConnection).BaseUri

        Set-WriterSession -BaseUri 'http://127.0.0.1:9/' -WhatIf 6>$null

        (Get-WriterConnection).BaseUri | Should -Be $before
    }

    It 'says in ForEach-Object -Parallel that the connection made outside does not reach it' {
        $saved = $env:WRITER_API_KEY
        try {
            $env:WRITER_API_KEY = $null
            $manifest = Join-Path (Get-ModuleFolder) 'WriterJobs.psd1'
            $caught = 1 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                try { Get-WriterJob -Id ([guid]::NewGuid()) } catch { $_ }
            }
        }
        finally {
            $env:WRITER_API_KEY = $saved
        }

        $caught.FullyQualifiedErrorId | Should -BeLike 'WriterApiKeyMissing,*'
        $caught.ErrorDetails.RecommendedAction | Should -Match 'this runspace'
        $caught.ErrorDetails.RecommendedAction | Should -Match 'ForEach-Object -Parallel'
    }
}

Describe '7. Errors name what they are about, once, and never a URL''s query' {
    It 'a WRITER_BASE_URL with a path is WriterBaseUriInvalid naming the variable, for every command and Get-WriterConnection' {
        $variables = @{ WRITER_API_KEY = 'k'; WRITER_BASE_URL = "$($script:emulator.BaseUri.TrimEnd('/'))/v1?token=s3cret" }

        $caught = Invoke-WithWriterVariable $script:emulator $variables {
            { Get-WriterJob -Id ([guid]::NewGuid()) } | Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.GetWriterJobCommand' -PassThru
            { Get-WriterConnection } | Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.GetWriterConnectionCommand' -PassThru
        }

        $caught | Should -HaveCount 2
        foreach ($problem in $caught) {
            $problem.Exception.Message | Should -Match 'WRITER_BASE_URL'
            $problem.Exception.Message | Should -Match '/v1\?\.\.\.'
            "$($problem.Exception.Message) $($problem.TargetObject)" | Should -Not -Match 's3cret'
        }
    }

    It 'Get-WriterConnection refuses what every command refuses: WRITER_TIMEOUT_SECONDS=<value>' -ForEach @(@{ value = '1e10' }, @{ value = '3601' }) {
        $caught = Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = 'k'; WRITER_TIMEOUT_SECONDS = $value } {
            { Get-WriterConnection } | Should -Throw -ErrorId 'WriterInvalidArgument,WriterJobs.GetWriterConnectionCommand' -PassThru
        }

        $caught.Exception.Message | Should -Match "WRITER_TIMEOUT_SECONDS is '$value'; it must be a number of seconds above 0 and at most 3600"
        { Connect-Writer -RequestTimeout $value } | Should -Throw -ErrorId 'ParameterArgumentValidationError,WriterJobs.ConnectWriterCommand'
    }

    It 'a -BaseUri with a query is refused without showing the query, in the message or the target' {
        $caught = { Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri 'https://api.writer.com/?api_key=s3cret' } |
            Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.ConnectWriterCommand' -PassThru

        $caught.Exception.Message | Should -Match "-BaseUri 'https://api.writer.com/\?\.\.\.'"
        $caught.TargetObject | Should -Be 'https://api.writer.com/?...'
        "$($caught.Exception.Message) $($caught.TargetObject)" | Should -Not -Match 's3cret'
    }

    It 'an unreachable API names its host once, and the error that stops the command targets the job it names' {
        $closed = Get-ClosedPortUri
        $authority = ([uri] $closed).Authority
        try {
            Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri $closed -MaxRetries 0
            $ids = 1..20 | ForEach-Object { [guid]::NewGuid() }

            $caught = { Get-WriterJob -Id $ids -ThrottleLimit 8 } | Should -Throw -ErrorId 'WriterApiUnreachable,*' -PassThru
        }
        finally {
            Connect-WriterEmulator $script:emulator
        }

        ([regex]::Matches($caught.Exception.Message, [regex]::Escape($authority))).Count | Should -Be 1
        $caught.Exception.Message | Should -Match "cannot be reached \(GET /v1/applications/jobs/$($caught.TargetObject)\)"
        $caught.TargetObject | Should -BeIn $ids
    }
}
