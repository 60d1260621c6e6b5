# The cmdlets through a real proxy: tinyproxy on loopback, started here with its own configuration and log (Start-TestProxy),
# reached with Connect-Writer -Proxy, with -ProxyCredential against its BasicAuth, and through HTTP_PROXY. Its log proves
# each request passed through it. Without tinyproxy these tests fail rather than skip: .ci/run installs it.
# A proxy's password never shows: not in output, a transcript, an error or any stream.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:emulator = Start-WriterEmulator -Jobs 40 -Failed 0.5 -CompletionMs 600000
    $script:failed = @(Get-EmulatorJobId $script:emulator -Status failed)
    $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    $script:api = $script:emulator.BaseUri.TrimEnd('/')
    # Canaries: random, so a match can only be a leak.
    $script:password = "right-$([guid]::NewGuid().ToString('N'))"
    $script:wrongPassword = "wrong-$([guid]::NewGuid().ToString('N'))"
    $script:login = [pscredential]::new('alice', (ConvertTo-SecureString $script:password -AsPlainText -Force))
    $script:wrongLogin = [pscredential]::new('alice', (ConvertTo-SecureString $script:wrongPassword -AsPlainText -Force))
    $script:key = ConvertTo-SecureString $script:emulator.ApiKey -AsPlainText -Force

    # The proxy with a login in its address, as curl and HTTP_PROXY take it.
    function Get-LoginUri {
        [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingPlainTextForPassword', '', Justification = 'A made-up password, put into a URI as curl and HTTP_PROXY take it.')]
        param([Parameter(Mandatory)] $Proxy, [string] $Password = $script:password)
        "http://alice:$Password@127.0.0.1:$($Proxy.Uri.Port)/"
    }
}

AfterAll {
    Disconnect-Writer -ErrorAction Ignore
    Stop-WriterEmulator $script:emulator
}

Describe 'Connect-Writer -Proxy through tinyproxy' {
    BeforeAll {
        $script:proxy = Start-TestProxy -Folder $TestDrive
        Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy $script:proxy.Uri
    }

    AfterAll {
        Disconnect-Writer
        Stop-TestProxy $script:proxy
    }

    It 'reads, retries and lists through the proxy, and the proxy''s log names every request' {
        $ids = $script:completed[0..1] + $script:failed[0]

        $sent = Measure-EmulatorRequest $script:emulator {
            Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry
            Get-WriterJob -ApplicationId app-1 -Status failed -First 3
        }

        @($sent.Output | Where-Object Action -eq Retried).Id | Should -Be $script:failed[0]
        $requests = @(Get-TestProxyRequest $script:proxy)
        foreach ($id in $ids) { $requests | Should -Contain "GET $script:api/v1/applications/jobs/$id" }
        $requests | Should -Contain "POST $script:api/v1/applications/jobs/$($script:failed[0])/retry"
        @($requests -like "GET $script:api/v1/applications/app-1/jobs?offset=0&limit=*&status=failed") | Should -HaveCount 1
        # Everything the emulator answered came through the proxy.
        @($requests -like '* http://127.0.0.1:*').Count | Should -Be ($sent.GetJob + $sent.RetryJob + $sent.ListJobs + $sent.ListApplications)
    }

    It 'shows the proxy in Get-WriterConnection' {
        (Get-WriterConnection).Proxy | Should -Be $script:proxy.Uri
    }
}

Describe 'Connect-Writer -Proxy -ProxyCredential against tinyproxy''s BasicAuth' {
    BeforeAll {
        $script:proxy = Start-TestProxy -Folder $TestDrive -Credential $script:login
    }

    AfterEach {
        Disconnect-Writer
    }

    AfterAll {
        Stop-TestProxy $script:proxy
    }

    It 'passes with the right credential' {
        Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy $script:proxy.Uri -ProxyCredential $script:login

        (Get-WriterJob -Id $script:completed[2]).Id | Should -Be $script:completed[2]
        Get-TestProxyRequest $script:proxy | Should -Contain "GET $script:api/v1/applications/jobs/$($script:completed[2])"
    }

    It 'passes with the login in the -Proxy address, which is shown without it' {
        $info = Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy (Get-LoginUri $script:proxy) -PassThru

        $info.Proxy | Should -Be $script:proxy.Uri
        (Get-WriterJob -Id $script:completed[3]).Id | Should -Be $script:completed[3]
        Get-TestProxyRequest $script:proxy | Should -Contain "GET $script:api/v1/applications/jobs/$($script:completed[3])"
    }

    It 'refuses a login given both in -Proxy and with -ProxyCredential' {
        $caught = { Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy (Get-LoginUri $script:proxy) -ProxyCredential $script:login } |
            Should -Throw -ErrorId 'WriterProxyCredentialTwice,WriterJobs.ConnectWriterCommand' -PassThru

        $caught.Exception.Message | Should -BeLike "-Proxy '$($script:proxy.Uri)' has a user name and password*-ProxyCredential 'alice'*"
        $caught.Exception.Message | Should -Not -Match $script:password
    }

    It 'stops at once with WriterProxyAuthenticationRequired (407) when no credential is given' {
        Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy $script:proxy.Uri -MaxRetries 4
        $id = $script:completed[4]
        $clock = [Diagnostics.Stopwatch]::StartNew()

        $caught = { Get-WriterJob -Id $id } | Should -Throw -ErrorId 'WriterProxyAuthenticationRequired,WriterJobs.GetWriterJobCommand' -PassThru

        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $caught.Exception.Message | Should -BeLike "The proxy $($script:proxy.Uri) asked for a login (407 Proxy Authentication Required)*"
        $caught.ErrorDetails.RecommendedAction | Should -Match '-ProxyCredential'
        # Sent once: a 407 is not retried.
        @(Get-TestProxyRequest $script:proxy) -eq "GET $script:api/v1/applications/jobs/$id" | Should -HaveCount 1
    }

    It 'stops at once with an error that names the proxy when the password is wrong' {
        Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy $script:proxy.Uri -ProxyCredential $script:wrongLogin -MaxRetries 4
        $id = $script:completed[5]
        $clock = [Diagnostics.Stopwatch]::StartNew()

        # tinyproxy answers a wrong password with 401 (and no password with 407): the error names both secrets that may be wrong.
        $caught = { $script:completed[5..9] | Get-WriterJob } | Should -Throw -ErrorId 'WriterUnauthorized,WriterJobs.GetWriterJobCommand' -PassThru

        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $caught.Exception.Message | Should -BeLike "*either the Writer API refused the API key, or the proxy $($script:proxy.Uri) refused its credential*"
        $caught.ErrorDetails.RecommendedAction | Should -Match '-ProxyCredential'
        # The challenge, then the wrong password: two requests for the first job, and the command stopped there.
        @(Get-TestProxyRequest $script:proxy) -eq "GET $script:api/v1/applications/jobs/$id" | Should -HaveCount 2
        Get-Content -LiteralPath $script:proxy.LogFile | Should -Not -Match $script:wrongPassword
    }
}

Describe 'A proxy password in no output, transcript, stream or error' {
    BeforeAll {
        $script:proxy = Start-TestProxy -Folder $TestDrive -Credential $script:login
        $script:transcript = Join-Path $TestDrive 'transcript.txt'
        $Error.Clear()
        Start-Transcript -LiteralPath $script:transcript
        try {
            # Every stream of each command, as a person running it with -Verbose and -Debug sees it.
            $script:streams = & {
                Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy (Get-LoginUri $script:proxy) -PassThru -Verbose | Format-List
                Get-WriterConnection | Format-List
                Get-WriterConnection
                Get-WriterJob -Id $script:completed[10] -Verbose -Debug
                Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy (Get-LoginUri $script:proxy $script:wrongPassword) -Verbose
                Get-WriterConnection
                # Each failure stops its command: caught and written, as the console shows it.
                try { Get-WriterJob -Id $script:completed[11] -Verbose -Debug } catch { $_ }
                Connect-Writer -ApiKey $script:key -BaseUri $script:emulator.BaseUri -Proxy $script:proxy.Uri -ProxyCredential $script:wrongLogin -PassThru -Verbose
                try { $script:completed[12..14] | Get-WriterJob -Verbose -Debug } catch { $_ }
            } *>&1 | Out-String -Stream -Width 300 | Tee-Object -Variable shown | Out-Host
            $script:shown = $shown -join "`n"
            $Error | Out-String -Width 300 | Out-Host
            Get-Error -Newest 3 | Out-String -Width 300 | Out-Host
        }
        finally {
            Stop-Transcript
            Disconnect-Writer
        }

        # Every message of every exception in $Error, inner ones too.
        $script:errorText = ($Error | ForEach-Object {
                $record = $_
                $record.ErrorDetails.Message
                $record.TargetObject
                for ($e = $record.Exception; $e; $e = $e.InnerException) { $e.Message }
            }) -join "`n"
    }

    AfterAll {
        Stop-TestProxy $script:proxy
    }

    It 'ran the commands through the proxy, and the wrong password failed' {
        $script:shown | Should -Match ([regex]::Escape("Proxy             : $($script:proxy.Uri)"))
        # The console wraps the error view: its lines joined again.
        $script:shown -replace '\s*\n\s*\|?\s*', ' ' | Should -Match 'either the Writer API refused the API key, or the proxy http://127\.0\.0\.1:\d+/ refused its credential'
        Get-TestProxyRequest $script:proxy | Should -Contain "GET $script:api/v1/applications/jobs/$($script:completed[10])"
    }

    It 'shows neither password in any stream' {
        $script:shown | Should -Not -Match $script:password
        $script:shown | Should -Not -Match $script:wrongPassword
    }

    It 'writes neither password to the transcript' {
        $text = Get-Content -LiteralPath $script:transcript -Raw
        $text | Should -Match 'refused its credential'
        $text | Should -Not -Match $script:password
        $text | Should -Not -Match $script:wrongPassword
    }

    It 'keeps neither password in $Error, inner exceptions included' {
        $script:errorText | Should -Match 'refused its credential'
        $script:errorText | Should -Not -Match $script:password
        $script:errorText | Should -Not -Match $script:wrongPassword
    }
}

Describe 'The HTTP_PROXY and HTTPS_PROXY environment variables' {
    BeforeAll {
        $script:proxy = Start-TestProxy -Folder $TestDrive -Credential $script:login -ConnectPort ([uri] $script:emulator.BaseUri).Port
        # .NET reads the proxy variables once per process, at its first request, so each case is a new PowerShell,
        # started with them set as an admin's profile or a scheduled task sets them.
        $script:child = Join-Path $TestDrive 'child.ps1'
        Set-Content -LiteralPath $script:child -Value @'
param([string] $Manifest, [string] $JobId, [string] $Transcript)
$PSStyle.OutputRendering = 'PlainText'
Import-Module -Name $Manifest
Start-Transcript -LiteralPath $Transcript | Out-Null
$connection = Get-WriterConnection
$connection | Format-List | Out-Host
Get-WriterJob -Id $JobId -Verbose -Debug *>&1 | Out-Host
if ($Error.Count) { Get-Error | Out-Host }
Stop-Transcript | Out-Null
[pscustomobject]@{ Proxy = "$($connection.Proxy)"; Errors = @($Error | ForEach-Object { $_.FullyQualifiedErrorId }) } | ConvertTo-Json -Compress
'@

        # Runs the child with these variables (and no NO_PROXY); returns its output and its transcript as one text, and its result.
        function Invoke-ChildWithProxy([hashtable] $Variable, [string] $JobId) {
            $names = @('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy') + @(Get-ChildItem Env:WRITER_* | ForEach-Object Name) + @($Variable.Keys) | Select-Object -Unique
            $saved = @{}
            foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $null) }
            $transcript = Join-Path $TestDrive "child-$([guid]::NewGuid().ToString('N')).txt"
            try {
                foreach ($name in $Variable.Keys) { [Environment]::SetEnvironmentVariable($name, $Variable[$name]) }
                $output = @(Invoke-Pwsh -NoProfile -NonInteractive -File $script:child -Manifest (Join-Path (Get-ModuleFolder) 'WriterJobs.psd1') -JobId $JobId -Transcript $transcript 2>&1)
            }
            finally {
                foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
            [pscustomobject]@{
                Text   = ($output -join "`n") + "`n" + (Get-Content -LiteralPath $transcript -Raw)
                Result = $output[-1] | ConvertFrom-Json
            }
        }
    }

    AfterAll {
        Stop-TestProxy $script:proxy
    }

    It 'sends through HTTP_PROXY, with the login in it, to the emulator on 127.0.0.1, and shows the proxy without the login' {
        $id = $script:completed[15]

        $child = Invoke-ChildWithProxy @{ HTTP_PROXY = Get-LoginUri $script:proxy; WRITER_API_KEY = $script:emulator.ApiKey; WRITER_BASE_URL = $script:emulator.BaseUri } $id

        $child.Result.Errors | Should -BeNullOrEmpty
        $child.Result.Proxy | Should -Be $script:proxy.Uri
        $child.Text | Should -Match "$id\s+completed"
        Get-TestProxyRequest $script:proxy | Should -Contain "GET $script:api/v1/applications/jobs/$id"
        $child.Text | Should -Not -Match $script:password
    }

    It 'names the proxy without the login when it refuses the CONNECT of an https API (HTTPS_PROXY with a wrong password)' {
        $https = "https://127.0.0.1:$(([uri] $script:emulator.BaseUri).Port)/"

        $variables = @{ HTTPS_PROXY = Get-LoginUri $script:proxy $script:wrongPassword; WRITER_API_KEY = $script:emulator.ApiKey; WRITER_BASE_URL = $https; WRITER_MAX_RETRIES = '1' }

        $child = Invoke-ChildWithProxy $variables $script:completed[16]

        # .NET names the proxy in its own message, with the login HTTPS_PROXY gave: the module takes it out. A refused
        # tunnel is a broken connection to .NET (no status reaches the module), so it is retried as one.
        $child.Result.Errors | Should -Be 'WriterConnectionFailed,WriterJobs.GetWriterJobCommand'
        $child.Text | Should -Match ([regex]::Escape("proxy '$($script:proxy.Uri)' failed with status code '401'"))
        Get-TestProxyRequest $script:proxy | Should -Contain "CONNECT 127.0.0.1:$(([uri] $script:emulator.BaseUri).Port)"
        $child.Text | Should -Not -Match $script:wrongPassword
    }
}
