# Get-WriterConnection, in real pwsh against an emulator process. The settings refused for every command:
# Validation.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe 'Get-WriterConnection' {
    BeforeAll { $script:emulator = Start-MinuteJobEmulator }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

    Context 'Without a key' {
        It 'shows the effective settings with ApiKeySet False' {
            $info = Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = ''; WRITER_REQUESTS_PER_MINUTE = '120' } { Get-WriterConnection }

            $info.ApiKeySet | Should -BeFalse
            $info.Source | Should -Be 'Environment'
            $info.RequestsPerMinute | Should -Be 120
            $info.BaseUri | Should -Be 'https://api.writer.com/'
        }
    }
}
