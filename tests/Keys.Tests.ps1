# The key the PowerShell way, for Connect-Writer and the sweep: piped as a SecureString, as a PSCredential's password,
# and from a SecretManagement vault, tested for real against Microsoft.PowerShell.SecretManagement 1.1.2 and
# SecretStore 1.0.6 from ../shared/modules, with a password-less vault in a temporary HOME (the developer's own vault
# is never touched). The key never shows: not in output, errors, -Verbose, -Debug, a transcript or the sweep's log.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $canary = 'canary-key-4f1d9e7b'
}

Describe 'Connect-Writer takes the key the PowerShell way' {
    BeforeAll {
        Import-BuiltModule
        $emulator = Start-WriterEmulator -Jobs 10 -ApiKey $canary
        $secure = ConvertTo-SecureString $canary -AsPlainText -Force
    }

    AfterAll {
        Disconnect-Writer
        Stop-WriterEmulator $emulator
    }

    It 'from the pipeline, as a SecureString' {
        $secure | Connect-Writer -BaseUri $emulator.BaseUri
        @(Get-WriterJob -ApplicationId app-1 -First 1) | Should -HaveCount 1
    }

    It 'as a PSCredential, with -Credential or piped: the password is the key' {
        Connect-Writer -Credential ([pscredential]::new('svc-writer', $secure)) -BaseUri $emulator.BaseUri
        @(Get-WriterJob -ApplicationId app-1 -First 1) | Should -HaveCount 1

        [pscredential]::new('svc-writer', $secure) | Connect-Writer -BaseUri $emulator.BaseUri
        @(Get-WriterJob -ApplicationId app-1 -First 1) | Should -HaveCount 1
    }

    It 'refuses -SecretName without SecretManagement with WriterSecretManagementMissing, before anything is sent' -Skip:([bool] (Get-Module -ListAvailable Microsoft.PowerShell.SecretManagement)) {
        { Connect-Writer -SecretName WriterApiKey } | Should -Throw -ErrorId 'WriterSecretManagementMissing,WriterJobs.ConnectWriterCommand'
    }
}

Describe 'A SecretManagement vault, in a temporary HOME' {
    BeforeAll {
        $emulator = Start-WriterEmulator -Jobs 20 -Failed 0.5 -CompletionMs 300 -ApiKey $canary
        $shared = Join-Path (Get-RepositoryRoot) '../shared/modules'
        $userHome = Join-Path $TestDrive 'home'
        $null = New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share'), (Join-Path $userHome '.config')
        $environment = @{
            HOME            = $userHome
            XDG_DATA_HOME   = Join-Path $userHome '.local/share'
            XDG_CONFIG_HOME = Join-Path $userHome '.config'
            PSModulePath    = (Resolve-Path $shared).Path + [IO.Path]::PathSeparator + $env:PSModulePath
            WRITER_BASE_URL = $emulator.BaseUri
            CANARY_KEY      = $canary
        }
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $child = Join-Path $TestDrive 'vault.ps1'
        # The key reaches the child in a variable it removes at once, so no command line or transcript header holds it.
        Set-Content -LiteralPath $child -Value @'
param([string] $Manifest, [string] $Transcript)
$ErrorActionPreference = 'Stop'
$key = $env:CANARY_KEY
Remove-Item Env:CANARY_KEY
$null = Start-Transcript -LiteralPath $Transcript
Import-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore
Reset-SecretStore -Authentication None -Interaction None -Force -Confirm:$false
Register-SecretVault -Name TestVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
Set-Secret -Name WriterApiKey -Secret $key
Set-Secret -Name WriterAccount -Secret ([pscredential]::new('svc-writer', (ConvertTo-SecureString $key -AsPlainText -Force)))
Remove-Variable key
Import-Module $Manifest
$seen = [ordered]@{}
Get-Secret WriterApiKey | Connect-Writer -Verbose -Debug -PassThru | Format-List | Out-String | Write-Output
$seen.Piped = @(Get-WriterJob -ApplicationId app-1 -First 1 -Verbose -Debug).Count
Connect-Writer -SecretName WriterApiKey -Vault TestVault -Verbose
$seen.Vault = @(Get-WriterJob -ApplicationId app-1 -First 1).Count
Get-Secret WriterAccount | Connect-Writer
$seen.Credential = @(Get-WriterJob -ApplicationId app-1 -First 1).Count
try { Connect-Writer -SecretName NoSuchSecret -Vault TestVault } catch { $seen.MissingId = $_.FullyQualifiedErrorId; $seen.Missing = "$_" }
Stop-Transcript
'RESULT ' + ($seen | ConvertTo-Json -Compress)
'@
        $setup = & {
            $saved = @{}
            foreach ($name in $environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
            try { Invoke-Pwsh -NonInteractive -NoProfile -File $child -Manifest (Join-Path (Get-ModuleFolder) 'WriterJobs.psd1') -Transcript $transcript 2>&1 | Out-String }
            finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        }
        if ($setup -notmatch "RESULT ") { throw "The vault script failed: $setup" }
        $seen = ($setup -split '\r?\n' | Where-Object { $_ -like 'RESULT *' } | Select-Object -Last 1).Substring(7) | ConvertFrom-Json
        $vault = @('-SecretName', 'WriterApiKey', '-Vault', 'TestVault')
        $sweepEnvironment = $environment.Clone()
        $sweepEnvironment.Remove('CANARY_KEY')
        $log = Join-Path $TestDrive 'sweep.log'
        $sweep = Invoke-ScheduledSweep $sweepEnvironment (@('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'), '-LogPath', $log, '-Verbose') + $vault)
        $missing = Invoke-ScheduledSweep $sweepEnvironment @('-ApplicationId', 'app-1', '-HistoryPath', (Join-Path $TestDrive 'history.json'), '-SecretName', 'NoSuchSecret')
    }

    AfterAll { Stop-WriterEmulator $emulator }

    It 'Get-Secret WriterApiKey | Connect-Writer, -SecretName -Vault, and a PSCredential secret piped: each connects' {
        $seen.Piped | Should -Be 1 -Because $setup
        $seen.Vault | Should -Be 1
        $seen.Credential | Should -Be 1
    }

    It 'a missing secret stops Connect-Writer with WriterApiKeySecretUnavailable, naming the secret' {
        $seen.MissingId | Should -Be 'WriterApiKeySecretUnavailable,WriterJobs.ConnectWriterCommand'
        $seen.Missing | Should -Match "'NoSuchSecret' in the vault 'TestVault'"
    }

    It 'the sweep reads the key from the vault as a scheduler runs it, and exits with 0' {
        $sweep.ExitCode | Should -Be 0 -Because $sweep.Text
        $sweep.Output | Should -Match 'action=Retried'
    }

    It 'the sweep exits with 2 when the secret is missing, saying which' {
        $missing.ExitCode | Should -Be 2
        $missing.Output | Should -Match "WriterApiKeySecretUnavailable message=.*'NoSuchSecret'"
    }

    It 'never shows the key: not in output, -Verbose, -Debug, errors, the transcript or the log' {
        foreach ($text in $setup, $sweep.Text, $missing.Text, (Get-Content -LiteralPath $transcript -Raw), (Get-Content -LiteralPath $log -Raw)) {
            $text | Should -Not -BeNullOrEmpty
            $text | Should -Not -Match $canary
        }
    }
}
