# Disconnect-Writer and what Remove-Module undoes, in real pwsh against an emulator process. -WhatIf and -Confirm
# on Disconnect-Writer: Connect-Writer.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe 'Disconnect-Writer' {
    BeforeAll { $script:emulator = Start-MinuteJobEmulator }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

    Context 'Remove-Module disconnects' {
        It 'forgets the key, so a re-import has no connection from Connect-Writer' {
            try {
                (Get-WriterConnection).Source | Should -Be 'Connect-Writer'

                Remove-Module WriterJobs
                Import-BuiltModule

                $info = Get-WriterConnection
                $info.Source | Should -Be 'Environment'
                $info.ApiKeySet | Should -BeFalse
            }
            finally {
                Import-BuiltModule
                Connect-WriterEmulator $script:emulator
            }
        }
    }
}
