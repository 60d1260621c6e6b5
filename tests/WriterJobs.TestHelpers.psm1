# Shared by every Pester suite: the built module, a real emulator process on a free loopback port (from
# tools/WriterJobs.Build.psm1, re-exported here), readers of the emulator that bypass the module under test, and a
# real proxy (tinyproxy) to send through.

Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/WriterJobs.Build.psm1') -Force

# The module folder that build.ps1 -Task Build leaves, imported into the session so the tests see its cmdlets.
function Import-BuiltModule {
    $manifest = Join-Path (Get-ModuleFolder) 'WriterJobs.psd1'
    if (-not (Test-Path $manifest)) { throw "Build the module first: dotnet pwsh -File build.ps1 -Task Build" }
    Import-Module $manifest -Global -Force -ErrorAction Stop
}

# The built module imported, an emulator started with Start-WriterEmulator's parameters, given as they are, and
# connected to. Pair with Stop-ConnectedEmulator in AfterAll.
function Start-ConnectedEmulator {
    Import-BuiltModule
    $emulator = Start-WriterEmulator @args
    Connect-WriterEmulator $emulator
    $emulator
}

# The emulator of the cmdlet suites: 100 jobs each for app-1 and app-2, 40 % of them failed, that stay in progress
# for a minute once created or retried, so a test reads a new or retried job back in_progress and a wait on one ends
# only at its timeout. Connected, its failed jobs queued for Get-FailedJobId; pair with Stop-ConnectedEmulator.
function Start-MinuteJobEmulator {
    $emulator = Start-ConnectedEmulator -Jobs 200 -Failed 0.4 -CompletionMs 60000 -ApplicationIds 'app-1', 'app-2'
    Initialize-FailedJobQueue $emulator
    $emulator
}

# The emulator of the tests that wait for jobs to end: 200 jobs each for app-1 and app-2 that finish in half a
# second, half of the retried ones failing again (seeded: the same ones every run). The jobs the tests create go to
# app-2, so that they never change app-1's lists. Connected; pair with Stop-ConnectedEmulator.
function Start-ShortJobEmulator {
    Start-ConnectedEmulator -Jobs 400 -Failed 0.25 -CompletionMs 500 -ApiKey 'test' -ApplicationIds 'app-1', 'app-2' -ExtraArgument '--retry-failed', '0.5', '--seed', '7'
}

# The emulator of the tests of applications: app-1 (known by ID only, no input schema), then nine named applications
# with input schemas (the ninth repeats the first name, Blog post writer; Blog outline takes a topic and an
# audience). Jobs stay in progress for a minute. Connected; pair with Stop-ConnectedEmulator.
function Start-NamedApplicationEmulator {
    Start-ConnectedEmulator -Jobs 200 -Failed 0.5 -CompletionMs 60000 -ApplicationIds 'app-1' -NamedApplications 9
}

# Failed jobs are used up by retries: each test takes its own from the emulator's failed jobs, in turn.
function Initialize-FailedJobQueue([Parameter(Mandatory)] $Emulator) {
    $script:failedJobQueue = [Collections.Generic.Queue[guid]]::new([guid[]] @(Get-EmulatorJobId $Emulator -Status failed))
}

function Get-FailedJobId([int] $Count) { 1..$Count | ForEach-Object { $script:failedJobQueue.Dequeue() } }

# Every file in the folder, names only: what a command left behind.
function Get-FolderName([string] $Path) { @(Get-ChildItem -LiteralPath $Path -Force | ForEach-Object Name | Sort-Object) }

function Stop-ConnectedEmulator {
    param([Parameter(Mandatory)] $Emulator)
    Disconnect-Writer -ErrorAction SilentlyContinue
    Stop-WriterEmulator $Emulator
}

function Connect-WriterEmulator {
    param([Parameter(Mandatory)] $Emulator, [string] $ApiKey = $Emulator.ApiKey, [double] $RequestsPerMinute = 400)
    Connect-Writer -ApiKey (ConvertTo-SecureString $ApiKey -AsPlainText -Force) -BaseUri $Emulator.BaseUri -RequestsPerMinute $RequestsPerMinute
}

# Reads the emulator over plain REST, independent of the module under test.
function Get-EmulatorJobId {
    param([Parameter(Mandatory)] $Emulator, [string] $ApplicationId = 'app-1', [string] $Status)
    $query = "limit=100" + $(if ($Status) { "&status=$Status" })
    $headers = @{ Authorization = "Bearer $($Emulator.ApiKey)" }
    $offset = 0
    do {
        $page = Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/v1/applications/$ApplicationId/jobs?$query&offset=$offset" -Headers $headers
        $page.result | ForEach-Object { [guid] $_.id }
        $offset += @($page.result).Count
    } while (@($page.result).Count -gt 0 -and $offset -lt $page.totalCount)
}

# The emulator's own count of the requests it has answered, by endpoint (getJob, retryJob, listJobs, createJob,
# listApplications, getApplication, total).
function Get-EmulatorRequestCount {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/_emulator/requests"
}

# What the command sent, counted by the emulator: the difference of its request counts around the script block,
# with the block's output.
function Measure-EmulatorRequest {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [scriptblock] $Command)
    $before = Get-EmulatorRequestCount $Emulator
    $output = & $Command
    $after = Get-EmulatorRequestCount $Emulator
    [pscustomobject]@{
        Output           = $output
        GetJob           = $after.getJob - $before.getJob
        RetryJob         = $after.retryJob - $before.retryJob
        ListJobs         = $after.listJobs - $before.listJobs
        CreateJob        = $after.createJob - $before.createJob
        ListApplications = $after.listApplications - $before.listApplications
        GetApplication   = $after.getApplication - $before.getApplication
    }
}

# Every deployed application of the emulator over plain REST (oldest first), independent of the module under test.
function Get-EmulatorApplication {
    param([Parameter(Mandatory)] $Emulator)
    $headers = @{ Authorization = "Bearer $($Emulator.ApiKey)" }
    $after = ''
    do {
        $page = Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/v1/applications?order=asc&limit=100$after" -Headers $headers
        $page.data
        $after = "&after=$($page.last_id)"
    } while ($page.has_more)
}

# The emulator's retry totals: triggers (retries that took effect), jobsTriggeredMoreThanOnce, rejections (refused as not failed).
function Get-EmulatorRetryTotal {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/_emulator/retries"
}

# A loopback URI on a port that was free a moment ago: nothing listens there.
function Get-ClosedPortUri {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()
    "http://127.0.0.1:$port/"
}

# Runs the block without Connect-Writer, with these WRITER_* variables set; then puts the variables back as they were
# and connects to the emulator again.
function Invoke-WithWriterVariable {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Variable, [Parameter(Mandatory)] [scriptblock] $Command)
    $saved = @{}
    foreach ($name in $Variable.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    try {
        Disconnect-Writer
        foreach ($name in $Variable.Keys) { [Environment]::SetEnvironmentVariable($name, $Variable[$name]) }
        & $Command
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        Connect-WriterEmulator $Emulator
    }
}

<#
.SYNOPSIS
    Starts tinyproxy in the foreground (-d, so it can be stopped by its ID) on a free loopback port, with its own
    configuration and its log at Info level in -Folder; with -Credential it asks for that BasicAuth login. Returns Uri,
    LogFile and Process; stop it with Stop-TestProxy. Throws when tinyproxy is not installed: the proxy tests fail
    rather than skip (.ci/run installs it with apt-get).
#>
function Start-TestProxy {
    param([Parameter(Mandatory)] [string] $Folder, [pscredential] $Credential, [int[]] $ConnectPort = @())
    # /usr/sbin is on no PATH of an ordinary user; some distributions put tinyproxy there.
    $tinyproxy = (Get-Command tinyproxy -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
    if (-not $tinyproxy -and (Test-Path /usr/sbin/tinyproxy)) { $tinyproxy = '/usr/sbin/tinyproxy' }
    if (-not $tinyproxy) { throw 'tinyproxy is not installed; the proxy tests need it: apt-get install tinyproxy (.ci/run installs it).' }
    # A port that was free a moment ago may be taken before tinyproxy binds it: then tinyproxy exits, and another is tried.
    foreach ($attempt in 1..3) {
        $port = ([uri] (Get-ClosedPortUri)).Port
        $log = Join-Path $Folder "tinyproxy-$port.log"
        $config = Join-Path $Folder "tinyproxy-$port.conf"
        # Without ConnectPort lines tinyproxy allows CONNECT to every port.
        $lines = @("Port $port", 'Listen 127.0.0.1', 'Allow 127.0.0.1', 'Timeout 30', 'MaxClients 64', "LogFile `"$log`"", 'LogLevel Info') +
            @($ConnectPort | ForEach-Object { "ConnectPort $_" })
        if ($Credential) { $lines += "BasicAuth $($Credential.UserName) $($Credential.GetNetworkCredential().Password)" }
        Set-Content -LiteralPath $config -Value $lines
        $process = Start-Process -FilePath $tinyproxy -ArgumentList '-d', '-c', $config -PassThru -RedirectStandardError "$log.stderr" -RedirectStandardOutput "$log.stdout"
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
            if (Select-String -LiteralPath $log -Pattern 'Accepting connections' -Quiet -ErrorAction Ignore) {
                return [pscustomobject]@{ Uri = [uri] "http://127.0.0.1:$port/"; LogFile = $log; Process = $process }
            }
            Start-Sleep -Milliseconds 50
        }
        Stop-Process -Id $process.Id -ErrorAction Ignore
    }
    throw "tinyproxy did not start: $(Get-Content -LiteralPath $log, "$log.stderr" -Raw -ErrorAction Ignore)"
}

function Stop-TestProxy {
    param([Parameter(Mandatory)] $Proxy)
    Stop-Process -Id $Proxy.Process.Id -ErrorAction Ignore
    $Proxy.Process.WaitForExit()
}

# The requests the proxy's log names, as "GET http://127.0.0.1:5080/v1/applications/jobs/<id>" or "CONNECT 127.0.0.1:5080".
function Get-TestProxyRequest {
    param([Parameter(Mandatory)] $Proxy)
    Select-String -LiteralPath $Proxy.LogFile -Pattern 'Request \(file descriptor \d+\): (\S+ \S+) HTTP/' |
        ForEach-Object { $_.Matches[0].Groups[1].Value }
}

function Get-EmulatorJob {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [guid] $Id)
    Invoke-RestMethod -Uri "$($Emulator.BaseUri.TrimEnd('/'))/v1/applications/jobs/$Id" -Headers @{ Authorization = "Bearer $($Emulator.ApiKey)" }
}

<#
.SYNOPSIS
    Reads a platyPS command page the way a reader sees it: each level-2 section's level-3 entries, each with its
    prose paragraphs (unwrapped, bold markers and code spans' backticks dropped), its fenced code blocks and, for
    parameters, the yaml DefaultValue. Independent of the Help task's own code, so the tests can compare the two.
#>
function Read-HelpPage {
    param([Parameter(Mandatory)] [string] $Path)

    $newEntry = { param([string] $Heading) [pscustomobject]@{ Heading = $Heading; Prose = [Collections.Generic.List[string]]::new(); Code = [Collections.Generic.List[string]]::new(); Default = '' } }
    $sections = [ordered]@{}
    $entry = $null
    $fence = $null
    $paragraph = [Collections.Generic.List[string]]::new()
    $endParagraph = {
        if ($paragraph.Count -and $entry) {
            $entry.Prose.Add($paragraph -join "`n")
        }
        $paragraph.Clear()
    }
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($null -ne $fence) {
            if ($line -match '^```\s*$') {
                if ($fence.Language -eq 'yaml') { $entry.Default = [regex]::Match($fence.Text, "(?m)^DefaultValue: '?([^'\r\n]*)'?\s*$").Groups[1].Value }
                else { $entry.Code.Add($fence.Text.TrimEnd()) }
                $fence = $null
            }
            else { $fence.Text += "$line`n" }
            continue
        }
        switch -Regex ($line) {
            '^## (.+)' { & $endParagraph; $sections[$Matches[1]] = [Collections.Generic.List[object]]::new(); $entry = & $newEntry ''; $sections[$Matches[1]].Add($entry); break }
            '^### (.+)' { & $endParagraph; $entry = & $newEntry $Matches[1]; $sections[@($sections.Keys)[-1]].Add($entry); break }
            '^```(\w*)' { & $endParagraph; $fence = @{ Language = $Matches[1]; Text = '' }; break }
            '^\s*$' { & $endParagraph; break }
            default { if ($entry) { $paragraph.Add($line.Trim()) } }
        }
    }
    & $endParagraph
    $sections
}

# The sweep as a scheduler runs it: pwsh -NonInteractive -NoProfile -File with the script the module folder ships, the
# arguments as plain strings (a comma list is one string, as under -File), and no WRITER_* variable but those given.
function Get-SweepScript { Join-Path (Get-ModuleFolder) 'Invoke-WriterJobSweep.ps1' }

function Start-ScheduledSweep {
    param([hashtable] $Environment = @{}, [string[]] $Argument = @())
    $command = @(Get-PwshCommand)
    $start = [Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($part in @($command | Select-Object -Skip 1) + @('-NonInteractive', '-NoProfile', '-File', (Get-SweepScript)) + $Argument) {
        $start.ArgumentList.Add($part)
    }
    foreach ($name in @($start.Environment.Keys | Where-Object { $_ -like 'WRITER_*' })) { $null = $start.Environment.Remove($name) }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
}

function Wait-ScheduledSweep {
    param([Parameter(Mandatory)] $Run, [int] $TimeoutSeconds = 300)
    if (-not $Run.Process.WaitForExit($TimeoutSeconds * 1000)) {
        $Run.Process.Kill($true)
        throw "The sweep did not end within $TimeoutSeconds s."
    }
    [pscustomobject]@{ ExitCode = $Run.Process.ExitCode; Output = $Run.Output.Result; Errors = $Run.Errors.Result; Text = $Run.Output.Result + $Run.Errors.Result }
}

function Invoke-ScheduledSweep {
    param([hashtable] $Environment = @{}, [string[]] $Argument = @())
    Wait-ScheduledSweep (Start-ScheduledSweep -Environment $Environment -Argument $Argument)
}

# What a scheduled task of the emulator's account has: the key and the address, and a rate that never slows a test.
function Get-SweepEnvironment {
    param([Parameter(Mandatory)] $Emulator)
    @{ WRITER_API_KEY = $Emulator.ApiKey; WRITER_BASE_URL = $Emulator.BaseUri; WRITER_REQUESTS_PER_MINUTE = '60000' }
}

# The sweep's log lines, parsed: each line's own time, and the job's words when it is a job's line.
function Read-SweepLog {
    param([Parameter(Mandatory)] [string] $Text)
    foreach ($line in $Text -split '\r?\n' | Where-Object { $_ -match '^\d{4}-\d\d-\d\dT\S+Z ' }) {
        $time, $rest = $line -split ' ', 2
        $job = [regex]::Match($rest, '^job=(?<Id>\S+) app=(?<App>\S*) action=(?<Action>\S+) previous=(?<Previous>\S*) status=(?<Status>\S*)')
        [pscustomobject]@{
            Time   = [DateTimeOffset]::Parse($time, [Globalization.CultureInfo]::InvariantCulture)
            Id     = if ($job.Success) { $job.Groups['Id'].Value }
            App    = if ($job.Success) { $job.Groups['App'].Value }
            Action = if ($job.Success) { $job.Groups['Action'].Value }
            Status = if ($job.Success) { $job.Groups['Status'].Value }
            Text   = $rest
        }
    }
}

Export-ModuleMember -Function *
