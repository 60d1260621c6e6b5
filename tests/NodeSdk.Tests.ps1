# The official Node SDK (npm package writer-sdk, pinned by tests/NodeSdk/package-lock.json) against the emulator:
# client.applications.list() pages through every application by cursor, and client.applications.retrieve(id) reads
# one, so the emulator answers as the SDK expects the API to. npm ci installs the SDK into tests/NodeSdk/node_modules
# from the lockfile; without node or npm every test here fails rather than skips.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $script:folder = Join-Path $PSScriptRoot 'NodeSdk'
    foreach ($tool in 'node', 'npm') {
        if (-not (Get-Command $tool -CommandType Application -ErrorAction SilentlyContinue)) {
            throw "$tool is not installed: the Node SDK test needs Node.js and npm (.ci/run installs them with apt-get)."
        }
    }

    Push-Location $script:folder
    try {
        $installed = & npm ci --no-audit --no-fund 2>&1 | Out-String
        if ($LASTEXITCODE) { throw "npm ci failed (exit code $LASTEXITCODE): $installed" }
    }
    finally {
        Pop-Location
    }

    # app-1 and seven named applications: with a page of 3, the SDK reads three pages.
    $script:emulator = Start-WriterEmulator -Jobs 20 -ApplicationIds 'app-1' -NamedApplications 7
    $script:expected = @(Get-EmulatorApplication $script:emulator)

    function script:Invoke-NodeSdk([int] $PageSize) {
        $saved = $env:WRITER_API_KEY, $env:WRITER_BASE_URL
        try {
            $env:WRITER_API_KEY = $script:emulator.ApiKey
            $env:WRITER_BASE_URL = $script:emulator.BaseUri.TrimEnd('/')
            $output = & node (Join-Path $script:folder 'applications.mjs') $PageSize 2>&1 | Out-String
            if ($LASTEXITCODE) { throw "node exited with $LASTEXITCODE`: $output" }
            $output | ConvertFrom-Json
        }
        finally {
            $env:WRITER_API_KEY, $env:WRITER_BASE_URL = $saved
        }
    }

    $before = Get-EmulatorRequestCount $script:emulator
    $script:seen = Invoke-NodeSdk -PageSize 3
    $after = Get-EmulatorRequestCount $script:emulator
    $script:listRequests = $after.listApplications - $before.listApplications
}

AfterAll {
    if ($script:emulator) { Stop-WriterEmulator $script:emulator }
}

Describe 'writer-sdk client.applications against the emulator' {
    It 'list() pages through every deployed application by cursor, newest first by default, each once' {
        @($script:seen.listed.id) | Should -Be @($script:expected.id[($script:expected.Count - 1)..0])
        @($script:seen.listed.id | Sort-Object -Unique) | Should -HaveCount 8
        @($script:seen.listed.status | Sort-Object -Unique) | Should -Be 'deployed'
        # 8 applications, 3 a page: the SDK follows has_more with after=<last ID> twice.
        $script:listRequests | Should -Be 3
    }

    It 'retrieve(id) reads an application with its inputs and their options' {
        $named = $script:expected | Where-Object { $_.id -eq $script:seen.retrieved.id }

        $named | Should -Not -BeNullOrEmpty
        $script:seen.retrieved.name | Should -Be $named.name
        $script:seen.retrieved.type | Should -Be 'generation'
        $script:seen.retrieved.created_at | Should -Be $named.created_at
        @($script:seen.retrieved.inputs.name) | Should -Be @($named.inputs.name)
        $dropdown = $script:seen.retrieved.inputs | Where-Object input_type -EQ 'dropdown' | Select-Object -First 1
        @($dropdown.options.list) | Should -Not -BeNullOrEmpty
    }

    It 'retrieve(id) of an unknown application throws the SDK''s NotFoundError for the 404' {
        $script:seen.notFound.status | Should -Be 404
        $script:seen.notFound.type | Should -Be 'NotFoundError'
        $script:seen.notFound.message | Should -Match 'no-such-application was not found'
    }
}
