# The help a user reads, through Get-Help in the built module: complete, clean, true to its source in docs/en-US,
# and every example's code run against the emulator.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidOverwritingBuiltInCmdlets', '', Justification = 'Read-Host, Get-Credential and Get-Secret answer the prompts and vault the examples show.')]
param()

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $docs = Join-Path (Get-RepositoryRoot) 'docs/en-US'
    $commands = @(Get-ChildItem -Path $docs -Filter '*-*.md' | ForEach-Object { @{ Name = $_.BaseName; PagePath = $_.FullName } })
    $examples = @(foreach ($command in $commands) {
            foreach ($example in (Read-HelpPage $command.PagePath)['EXAMPLES'] | Where-Object Heading) {
                @{ Name = $command.Name; Title = $example.Heading; Code = $example.Code -join "`n" }
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    Import-BuiltModule

    # The text of a help node (objects with a Text property, a paragraph or several each), its paragraphs one blank line
    # apart, as a page's paragraphs are: platyPS carries a page's text into the MAML as it is written.
    function Get-HelpText($Node) { @($Node | ForEach-Object { "$($_.Text)".Trim() } | Where-Object { $_ }) -join "`n`n" }
    function Join-Prose([string[]] $Paragraph) { $Paragraph -join "`n`n" }
}

Describe 'Get-Help <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $page = Read-HelpPage $PagePath
    }

    It 'comes from the module''s MAML, with the synopsis of its page' {
        $page['SYNOPSIS'][0].Prose | Should -HaveCount 1
        $help.Synopsis | Should -Be $page['SYNOPSIS'][0].Prose[0]
    }

    It 'has the description of its page, a paragraph a line, for the console to wrap' {
        $description = Get-HelpText $help.description

        $description | Should -Not -BeNullOrEmpty
        $description | Should -Be (Join-Prose $page['DESCRIPTION'][0].Prose)
        $description -split '\n\n' | Where-Object { $_ -match '\n(?!([-*]|\d+\.) )' } | Should -BeNullOrEmpty
    }

    It 'describes every parameter as its page does, with its default value' {
        $documented = @($page['PARAMETERS'] | Where-Object Heading -Like '-*')
        $shown = @($help.parameters.parameter)

        @($shown.name | Sort-Object) | Should -Be @($documented | ForEach-Object { $_.Heading.TrimStart('-') } | Sort-Object)
        foreach ($entry in $documented) {
            $parameter = $shown | Where-Object name -EQ $entry.Heading.TrimStart('-')
            $entry.Prose | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
            Get-HelpText $parameter.description | Should -Be (Join-Prose $entry.Prose) -Because "-$($parameter.name) is described on the page"
            "$($parameter.defaultValue)" | Should -Be $entry.Default -Because "-$($parameter.name) has that default on the page"
        }
    }

    It 'describes each input and output type' {
        foreach ($section in @{ Page = 'INPUTS'; Help = $help.inputTypes.inputType }, @{ Page = 'OUTPUTS'; Help = $help.returnValues.returnValue }) {
            $documented = @($page[$section.Page] | Where-Object Heading)
            $documented | Should -Not -BeNullOrEmpty
            @($section.Help).type.name | Should -Be $documented.Heading
            foreach ($type in @($section.Help)) {
                Get-HelpText $type.description | Should -Be (Join-Prose ($documented | Where-Object Heading -EQ $type.type.name).Prose)
            }
        }
    }

    It 'has at least two examples, each with its code in .code and its prose in .remarks' {
        $documented = @($page['EXAMPLES'] | Where-Object Heading)
        $shown = @($help.examples.example)

        $shown.Count | Should -BeGreaterOrEqual 2
        $shown.title.Trim('- ') | Should -Be $documented.Heading
        for ($i = 0; $i -lt $shown.Count; $i++) {
            $shown[$i].code | Should -Be ($documented[$i].Code -join "`n`n")
            $shown[$i].code | Should -Not -Match '```'
            Get-HelpText $shown[$i].remarks | Should -Be (Join-Prose $documented[$i].Prose)
        }
    }

    It 'shows no control character, platyPS placeholder or markdown fence' {
        $text = Get-Help -Name $Name -Full | Out-String -Width 200

        $text | Should -Not -Match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]'
        $text | Should -Not -Match '\{\{'
        $text | Should -Not -Match '```'
    }

    It 'names its page online: the cmdlet''s HelpUri, and the first related link' {
        $online = "https://github.com/writerjobs/WriterJobs/blob/main/docs/en-US/$Name.md"

        (Get-Command -Name $Name).HelpUri | Should -Be $online
        @($help.relatedLinks.navigationLink)[0].uri | Should -Be $online
    }
}

Describe 'Get-Help -Online' {
    # A browser that writes down what it was asked to open: .NET opens a URI with xdg-open on Linux.
    It 'opens each command''s page' -Skip:(-not $IsLinux) {
        $names = @((Get-ChildItem -Path (Join-Path (Get-RepositoryRoot) 'docs/en-US') -Filter '*-*.md').BaseName | Sort-Object)
        $bin = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bin')).FullName
        $opened = Join-Path $TestDrive 'opened.txt'
        Set-Content -LiteralPath (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`necho `"`$1`" >> '$opened'"
        & chmod +x (Join-Path $bin 'xdg-open')
        $savedPath = $env:PATH
        try {
            $env:PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH"
            Invoke-Pwsh -NoProfile -NonInteractive -Command "Import-Module '$(Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')'; foreach (`$name in '$($names -join "', '")') { Get-Help -Name `$name -Online }"
        }
        finally {
            $env:PATH = $savedPath
        }

        # xdg-open runs detached: give the last ones a moment.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ([DateTime]::UtcNow -lt $deadline -and @(Get-Content -LiteralPath $opened -ErrorAction Ignore).Count -lt $names.Count) { Start-Sleep -Milliseconds 100 }
        @(Get-Content -LiteralPath $opened | Sort-Object) | Should -Be @($names | ForEach-Object { "https://github.com/writerjobs/WriterJobs/blob/main/docs/en-US/$_.md" })
    }
}

Describe 'Defaults in help' {
    It '<Command> -<Parameter> shows its default, <Default>' -ForEach @(
        @{ Command = 'Invoke-WriterJobRetry'; Parameter = 'MaxRetriesPerJob'; Default = '3' }
        @{ Command = 'Invoke-WriterJobRetry'; Parameter = 'MinRetryInterval'; Default = '01:00:00 (one hour)' }
        @{ Command = 'Connect-Writer'; Parameter = 'RequestTimeout'; Default = 'WRITER_TIMEOUT_SECONDS, else 60 seconds' }
        @{ Command = 'Connect-Writer'; Parameter = 'MaxRetries'; Default = 'WRITER_MAX_RETRIES, else 4' }
        @{ Command = 'Connect-Writer'; Parameter = 'RequestsPerMinute'; Default = 'WRITER_REQUESTS_PER_MINUTE, else 400' }
        @{ Command = 'Get-WriterJob'; Parameter = 'First'; Default = 'None (every job)' }
    ) {
        (Get-Help -Name $Command -Parameter $Parameter).defaultValue | Should -Be $Default
    }
}

Describe 'Get-Help about_WriterJobs' {
    BeforeAll {
        # $commands is made at discovery; what runs needs its own.
        $names = @((Get-ChildItem -Path (Join-Path (Get-RepositoryRoot) 'docs/en-US') -Filter '*-*.md').BaseName)
    }

    # That the file is plain text within 80 columns (code aside) is ModuleFolderTests' (xunit): no Get-Help needed.
    It 'is found by Get-Help and names every command' {
        $text = Get-Help -Name about_WriterJobs | Out-String

        $text | Should -Match '^\s*TOPIC\s+about_WriterJobs'
        $names | Should -Not -BeNullOrEmpty
        foreach ($command in $names) { $text | Should -Match $command }
    }

    It 'lists every command under SEE ALSO, one a line' {
        $lines = @(Get-Content -LiteralPath (Join-Path (Get-ModuleFolder) 'en-US/about_WriterJobs.help.txt'))
        $seeAlso = $lines[([array]::IndexOf($lines, 'SEE ALSO') + 1)..([array]::IndexOf($lines, 'KEYWORDS') - 1)] | ForEach-Object Trim | Where-Object { $_ }

        @($seeAlso | Sort-Object) | Should -Be @($names | Sort-Object)
    }
}

Describe 'Every help example, run against the emulator' {
    # One emulator for every example, as about_WriterJobs starts it (app-1 and eight named applications, 100 jobs each, so
    # that app-1 has enough failed jobs for the examples that take a few while others are being retried); retried
    # jobs fail again, so a failed job one example retried is failed again by the time another takes it.
    BeforeAll {
        $script:emulator = Start-WriterEmulator -Jobs 900 -Failed 0.25 -ApiKey test -CompletionMs 1500 -NamedApplications 8 -ExtraArgument '--retry-failed', '1'
        $script:failedPool = [Collections.Generic.Queue[guid]]::new([guid[]] @(Get-EmulatorJobId $emulator -Status failed))
        $script:savedEnvironment = @{}
        foreach ($name in 'WRITER_API_KEY', 'WRITER_BASE_URL', 'WRITER_REQUESTS_PER_MINUTE', 'TMPDIR') { $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }
        function Restore-Environment { foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) } }

        function Get-FailedJobId([int] $Count) {
            foreach ($i in 1..$Count) { $next = $failedPool.Dequeue(); $failedPool.Enqueue($next); $next }
        }
    }

    AfterAll {
        Restore-Environment
        Disconnect-Writer
        Stop-WriterEmulator $emulator
    }

    It '<Name>: <Title>' -ForEach $examples {
        # What the examples take as given: an application, failed job IDs, running jobs, files of IDs and products,
        # a key in WRITER_API_KEY, and answers to the prompts they show.
        # A rate well above the default, so that the examples that retry a whole application do not wait for it.
        $env:WRITER_API_KEY = $emulator.ApiKey
        $env:WRITER_BASE_URL = $emulator.BaseUri
        $env:WRITER_REQUESTS_PER_MINUTE = '60000'
        # The temporary folder the examples write to ([IO.Path]::GetTempPath()) is this test's own, so no file of an
        # earlier run or of another checkout on the machine is read as theirs.
        $env:TMPDIR = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'tmp') -Force).FullName
        Connect-WriterEmulator $emulator -RequestsPerMinute 60000
        $app = 'app-1'
        # An example before this one may have retried every failed job of app-1; they fail again after 1.5 s, so an
        # example that lists app-1's failed jobs finds some.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (@(Get-EmulatorJobId $emulator -Status failed).Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        $id = @(Get-FailedJobId 2)
        $jobs = @(1..2 | ForEach-Object { Start-WriterJob -ApplicationId $app -Inputs @{ product_name = "Lamp $_" } })
        Set-Content -Path (Join-Path $TestDrive 'job-ids.txt') -Value $id
        Set-Content -Path (Join-Path $TestDrive 'failed.txt') -Value @(Get-FailedJobId 2)
        $jobs | Select-Object @{ Name = 'JobId'; Expression = { $_.Id } } | Export-Csv -Path (Join-Path $TestDrive 'jobs.csv')
        'Desk lamp', 'Floor lamp' | Select-Object @{ Name = 'Name'; Expression = { $_ } } | Export-Csv -Path (Join-Path $TestDrive 'products.csv')
        function Read-Host { ConvertTo-SecureString -String $emulator.ApiKey -AsPlainText -Force }
        function Get-Credential { [pscredential]::new('proxy-user', (ConvertTo-SecureString -String 'proxy-password' -AsPlainText -Force)) }
        # Get-Secret as SecretManagement answers for a string secret: a SecureString (Keys.Tests.ps1 uses a real vault).
        function Get-Secret { ConvertTo-SecureString -String $emulator.ApiKey -AsPlainText -Force }
        # The examples name the emulator's address as about_WriterJobs starts it; this one listens elsewhere.
        $runnable = [scriptblock]::Create($Code.Replace('http://127.0.0.1:5080', $emulator.BaseUri.TrimEnd('/')))

        Push-Location $TestDrive
        try {
            { & { $ErrorActionPreference = 'Stop'; & $runnable } | Out-Null } | Should -Not -Throw
        }
        finally {
            Pop-Location
            Restore-Environment
        }
    }
}
