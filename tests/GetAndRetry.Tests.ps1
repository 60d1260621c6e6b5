# The foundation end to end: the built module against a real emulator process.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    # Jobs stay in progress for a minute, so a retried job is still in_progress when a test reads it back.
    $script:emulator = Start-ConnectedEmulator -Jobs 200 -Failed 0.25 -CompletionMs 60000
    $script:failed = @(Get-EmulatorJobId $script:emulator -Status failed)
    $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
}

AfterAll {
    Stop-ConnectedEmulator $script:emulator
}

Describe 'The used-by line' {
    It 'retries exactly the failed jobs among those piped in: N reads and F retries for N jobs with F failed' {
        $ids = $script:failed[0..3] + $script:completed[0..3]

        $sent = Measure-EmulatorRequest $script:emulator { Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry }

        $results = $sent.Output
        $results | Should -HaveCount 4
        $results.Action | Sort-Object -Unique | Should -Be 'Retried'
        @($results.Id) | Should -Be @($script:failed[0..3])
        # The piped jobs are not read again: one read per ID, one retry per failed job.
        $sent.GetJob | Should -Be $ids.Count
        $sent.RetryJob | Should -Be 4
        foreach ($id in $script:failed[0..3]) { (Get-EmulatorJob $script:emulator $id).status | Should -Be 'in_progress' }
        foreach ($id in $script:completed[0..3]) { (Get-EmulatorJob $script:emulator $id).status | Should -Be 'completed' }
    }
}

Describe 'Get-WriterJob' {
    It 'emits typed WriterJob objects' {
        $job = Get-WriterJob -Id $script:completed[0]

        $job.PSObject.TypeNames[0] | Should -Be 'WriterJobs.WriterJob'
        $job.Id | Should -Be $script:completed[0]
        $job.Status | Should -Be 'completed'
        $job.CreatedAt | Should -BeOfType [DateTimeOffset]
    }

    It 'binds ID strings from the pipeline by value' {
        $jobs = $script:completed[0..2] | ForEach-Object { $_.ToString() } | Get-WriterJob

        @($jobs.Id) | Should -Be @($script:completed[0..2])
    }

    It 'binds by property name: Id, the JobId alias, and a CSV with an Id column' {
        $csv = Join-Path $TestDrive 'ids.csv'
        $script:completed[0..1] | ForEach-Object { [pscustomobject]@{ Id = $_ } } | Export-Csv $csv -NoTypeInformation

        @(Import-Csv $csv | Get-WriterJob).Id | Should -Be @($script:completed[0..1])
        (@([pscustomobject]@{ JobId = $script:completed[2] }) | Get-WriterJob).Id | Should -Be $script:completed[2]
    }

    It 'writes one Debug line per request when Debug output is shown, and none otherwise' {
        $id = $script:completed[0]

        # $DebugPreference rather than -Debug: on Windows PowerShell 5.1, -Debug would stop to ask at every line.
        $withDebug = & { $DebugPreference = 'Continue'; Get-WriterJob -Id $id 5>&1 } | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $without = & { $DebugPreference = 'SilentlyContinue'; Get-WriterJob -Id $id 5>&1 } | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }

        @($withDebug.Message) | Should -Contain "GET /v1/applications/jobs/$id"
        $without | Should -HaveCount 0
    }

    It 'writes one non-terminating error for an unknown ID, naming it once, and goes on with the others' {
        $unknown = [guid]::NewGuid()

        $jobs = Get-WriterJob -Id $script:completed[0], $unknown, $script:completed[1] -ErrorVariable problems -ErrorAction SilentlyContinue

        @($jobs.Id) | Should -Be @($script:completed[0], $script:completed[1])
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobNotFound,WriterJobs.GetWriterJobCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be $unknown
        $message = $problems[0].Exception.Message
        ([regex]::Matches($message, 'not found')).Count | Should -Be 1
        ([regex]::Matches($message, [regex]::Escape("$unknown"))).Count | Should -Be 1
    }

    It 'writes one error for a malformed ID, given to -Id from Get-Content or piped, and returns the good ones' {
        $file = Join-Path $TestDrive 'ids.txt'
        Set-Content $file -Value $script:completed[0], 'not-a-guid', $script:completed[1]

        $fromParameter = Get-WriterJob -Id (Get-Content $file) -ErrorVariable parameterProblems -ErrorAction SilentlyContinue
        $fromPipeline = Get-Content $file | Get-WriterJob -ErrorVariable pipelineProblems -ErrorAction SilentlyContinue

        foreach ($case in @{ Jobs = $fromParameter; Problems = $parameterProblems }, @{ Jobs = $fromPipeline; Problems = $pipelineProblems }) {
            @($case.Jobs.Id) | Should -Be @($script:completed[0], $script:completed[1])
            $case.Problems | Should -HaveCount 1
            $case.Problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.GetWriterJobCommand'
            $case.Problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $case.Problems[0].TargetObject | Should -Be 'not-a-guid'
            $case.Problems[0].Exception.Message | Should -Match "-Id 'not-a-guid'"
        }
    }

    It 'stops the command on a wrong key' {
        try {
            Connect-WriterEmulator $script:emulator -ApiKey 'wrong-key'
            $caught = { Get-WriterJob -Id $script:completed[0] -ErrorAction Stop } | Should -Throw -ErrorId 'WriterUnauthorized,*' -PassThru

            # The engine states the fact; the advice, in PowerShell's terms, comes from the cmdlet layer.
            $caught.Exception.Message | Should -Not -Match 'Connect-Writer'
            $caught.ErrorDetails.RecommendedAction | Should -BeLike '*Connect-Writer -ApiKey*WRITER_API_KEY*'
        }
        finally {
            Connect-WriterEmulator $script:emulator
        }
    }
}

Describe 'Invoke-WriterJobRetry' {
    It 'sends no retry with -WhatIf and records WhatIf' {
        $id = $script:failed[10]

        $sent = Measure-EmulatorRequest $script:emulator { $id | Invoke-WriterJobRetry -WhatIf }

        $sent.Output.Action | Should -Be 'WhatIf'
        $sent.RetryJob | Should -Be 0
        (Get-EmulatorJob $script:emulator $id).status | Should -Be 'failed'
    }

    It 'writes audit records and jobs that a later stage cannot edit, with no compiler-made members' {
        $record = $script:failed[11] | Invoke-WriterJobRetry -WhatIf
        $job = Get-WriterJob -Id $script:completed[0]

        { $record.Message = 'edited' } | Should -Throw -ErrorId 'PropertyAssignmentException'
        { $job.Status = 'failed' } | Should -Throw -ErrorId 'PropertyAssignmentException'
        @($record, $job | Get-Member -MemberType Method | Where-Object Name -Match '[<>$]') | Should -BeNullOrEmpty
    }

    It 'skips a job that is not failed with one warning, sending no retry' {
        $sent = Measure-EmulatorRequest $script:emulator { Invoke-WriterJobRetry -Id $script:completed[5] 3>&1 }
        $warnings = @($sent.Output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $result = $sent.Output | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] }

        $result.Action | Should -Be 'Skipped'
        $result.PreviousStatus | Should -Be 'completed'
        $sent.RetryJob | Should -Be 0
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -Be "Job $($script:completed[5]) is completed, not failed: not retried. Use -Force to retry it anyway."
        $result.Message | Should -Be $warnings[0].Message
    }

    It 'retries a duplicate ID once' {
        $id = $script:failed[11]

        $results = $id, $id | Invoke-WriterJobRetry -WarningAction SilentlyContinue

        $results[0].Action | Should -Be 'Retried'
        $results[1].Action | Should -Be 'Skipped'
    }

    It 'writes a Failed record and WriterJobNotFound for an unknown job, and goes on' {
        $unknown = [guid]::NewGuid()

        $results = $unknown, $script:failed[12] | Invoke-WriterJobRetry -ErrorVariable problems -ErrorAction SilentlyContinue

        $results.Action | Should -Be @('Failed', 'Retried')
        $results[0].Id | Should -Be $unknown
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobNotFound,WriterJobs.InvokeWriterJobRetryCommand'
    }
}

Describe 'Connection' {
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
