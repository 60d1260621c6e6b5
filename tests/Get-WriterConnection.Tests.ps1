# Get-WriterConnection, in real pwsh against an emulator process. The settings refused for every command:
# Validation.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe 'Get-WriterConnection: jobs that stay in progress for a minute, so a wait on a new or retried job only ends at its timeout' {
    BeforeAll {
        $ProgressPreference = 'SilentlyContinue'
        $script:emulator = Start-ConnectedEmulator -Jobs 200 -Failed 0.4 -CompletionMs 60000 -ApplicationIds 'app-1', 'app-2'
        Initialize-FailedJobQueue $script:emulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll {
        Stop-ConnectedEmulator $script:emulator
    }

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
