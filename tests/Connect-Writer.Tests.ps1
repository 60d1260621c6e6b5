# Connect-Writer, in real pwsh against an emulator process: the key, the base URI, -WhatIf and -Confirm, a
# connection per runspace, and the WRITER_* variables in place of Connect-Writer. Keys from a vault: Keys.Tests.ps1;
# a proxy: Proxy.Tests.ps1.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'A wrapper hands its -WhatIf on through $WhatIfPreference alone, as the test means it to.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Connect-Writer' {
    BeforeAll {
        $script:emulator = Start-MinuteJobEmulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

    Context 'An API key ending in a newline' {
        It 'is trimmed, and the requests succeed' {
            $keyFile = Join-Path $TestDrive 'key.txt'
            Set-Content $keyFile -Value $script:emulator.ApiKey
            try {
                Connect-Writer -ApiKey (ConvertTo-SecureString (Get-Content $keyFile -Raw) -AsPlainText -Force) -BaseUri $script:emulator.BaseUri

                (Get-WriterJob -Id $script:completed[0] -ErrorAction Stop).Id | Should -Be $script:completed[0]
            }
            finally {
                Connect-WriterEmulator $script:emulator
            }
        }

        It 'is refused once, at Connect-Writer, when a line break is inside it' {
            try {
                $bad = ConvertTo-SecureString "test`n-key" -AsPlainText -Force
                { Connect-Writer -ApiKey $bad -BaseUri $script:emulator.BaseUri } | Should -Throw -ErrorId 'WriterApiKeyMalformed,WriterJobs.ConnectWriterCommand'
            }
            finally {
                Connect-WriterEmulator $script:emulator
            }
        }
    }

    Context 'A base URI with a path, query or user info' {
        It 'refuses <uri> at Connect-Writer, naming -BaseUri' -ForEach @(
            @{ uri = 'http://127.0.0.1:9/v1' }
            @{ uri = 'http://127.0.0.1:9/api/' }
            @{ uri = 'http://127.0.0.1:9/?x=1' }
        ) {
            $caught = { Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri $uri } |
                Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.ConnectWriterCommand' -PassThru

            $caught.Exception.Message | Should -Match '-BaseUri'
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'refuses user info and never echoes its password, from Connect-Writer or WRITER_BASE_URL' {
            $withPassword = $script:emulator.BaseUri -replace '^http://', 'http://admin:s3cret-pw@'

            $fromConnect = { Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri $withPassword -Verbose 4>&1 } |
                Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.ConnectWriterCommand' -PassThru
            $fromVariable = Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = 'k'; WRITER_BASE_URL = $withPassword } {
                { Get-WriterJob -Id $script:completed[0] -Verbose 4>&1 } | Should -Throw -ErrorId 'WriterBaseUriInvalid,*' -PassThru
            }

            foreach ($caught in $fromConnect, $fromVariable) {
                "$($caught.Exception.Message) $($caught.TargetObject)" | Should -Not -Match 's3cret-pw'
                $caught.Exception.Message | Should -Match 'user name or password'
            }
        }
    }

    Context 'Connect-Writer and Disconnect-Writer take -WhatIf and -Confirm; a connection belongs to its runspace' {
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

    Context 'Without Connect-Writer: no key, the WRITER_* variables, the settings shown' {
        It 'fails with one terminating error that says how to give a key when there is none' {
            Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = $null } {
                $caught = { Get-WriterJob -Id $script:completed[0] } | Should -Throw -ErrorId 'WriterApiKeyMissing,*' -PassThru

                $caught.Exception.Message | Should -Not -Match '-ApiKey'
                $caught.ErrorDetails.RecommendedAction | Should -Be "Run 'Connect-Writer -ApiKey (Read-Host -AsSecureString)' in this runspace (a connection does not reach ForEach-Object -Parallel or thread jobs), or set the WRITER_API_KEY environment variable."
                $caught.ErrorDetails.Message | Should -Be "$($caught.Exception.Message) $($caught.ErrorDetails.RecommendedAction)"
                "$caught" | Should -BeLike '*Connect-Writer -ApiKey*'
            }
        }

        It 'uses WRITER_API_KEY and WRITER_BASE_URL without Connect-Writer' {
            Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = $script:emulator.ApiKey; WRITER_BASE_URL = $script:emulator.BaseUri } {
                (Get-WriterJob -Id $script:completed[0]).Id | Should -Be $script:completed[0]
                (Get-WriterConnection).Source | Should -Be 'Environment'
            }
        }

        It 'shows every setting but the key, in its default view and with Format-List *' {
            $default = Get-WriterConnection | Out-String -Width 80
            $everything = Get-WriterConnection | Format-List * | Out-String

            foreach ($name in 'BaseUri', 'ApiKeySet', 'Source', 'RequestTimeout', 'MaxRetries', 'RequestsPerMinute') { $default | Should -Match $name }
            foreach ($shown in $default, $everything) { $shown | Should -Not -Match ([regex]::Escape($script:emulator.ApiKey)) }
            (Get-WriterConnection).ApiKeySet | Should -BeTrue
        }
    }
}
