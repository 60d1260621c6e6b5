# Get-WriterJob, in real pwsh against an emulator process: by ID (typed objects, binding, errors per item, a
# wrong key, -Debug) and by application (pages, -Status, paging and the total count).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Get-WriterJob' {
    BeforeAll {
        $script:emulator = Start-MinuteJobEmulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

    Context 'By ID' {
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

        It 'writes one error for each malformed or empty ID, given to -Id from Get-Content or piped, and returns the good ones' {
            $file = Join-Path $TestDrive 'ids.txt'
            Set-Content $file -Value $script:completed[0], 'not-a-guid', '', $script:completed[1]

            $fromParameter = Get-WriterJob -Id (Get-Content $file) -ErrorVariable parameterProblems -ErrorAction SilentlyContinue
            $fromPipeline = Get-Content $file | Get-WriterJob -ErrorVariable pipelineProblems -ErrorAction SilentlyContinue

            foreach ($case in @{ Jobs = $fromParameter; Problems = $parameterProblems }, @{ Jobs = $fromPipeline; Problems = $pipelineProblems }) {
                @($case.Jobs.Id) | Should -Be @($script:completed[0], $script:completed[1])
                $case.Problems | Should -HaveCount 2
                $case.Problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.GetWriterJobCommand'
                $case.Problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
                $case.Problems[0].TargetObject | Should -Be 'not-a-guid'
                $case.Problems[0].Exception.Message | Should -Match "-Id 'not-a-guid'"
                $case.Problems[1].TargetObject | Should -Be ''
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

    Context '-Debug shows the request lines and never prompts' {
        It 'runs with stdin redirected and writes the GET line as a Debug record' {
            $script = @"
Import-Module '$(Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')'
Connect-Writer -ApiKey (ConvertTo-SecureString '$($script:emulator.ApiKey)' -AsPlainText -Force) -BaseUri '$($script:emulator.BaseUri)'
`$records = Get-WriterJob -Id '$($script:completed[0])' -Debug 5>&1 4>&1 3>&1
`$records | ForEach-Object { '{0}|{1}' -f `$_.GetType().Name, `$_ }
`$null = Invoke-WriterJobRetry -Id '$($script:completed[1])' -Debug 5>&1 4>&1 3>&1
'finished'
"@
            $file = Join-Path $TestDrive 'debug.ps1'
            Set-Content $file -Value $script

            $output = '' | Invoke-Pwsh -NoProfile -File $file 2>&1 | Out-String

            $output | Should -Match "DebugRecord\|GET /v1/applications/jobs/$($script:completed[0])"
            $output | Should -Match 'finished'
            $output | Should -Not -Match 'Continue with this operation'
            $output | Should -Not -Match 'Object reference'
        }
    }
}

Describe 'Get-WriterJob -ApplicationId: an application''s jobs, page by page' {
    BeforeAll { $script:emulator = Start-ShortJobEmulator }

    AfterAll {
        Stop-ConnectedEmulator $script:emulator
        Remove-Module WriterJobs -Force -ErrorAction SilentlyContinue
    }

    Context 'By application' {
        It 'lists every job of the application across pages' {
            $jobs = Get-WriterJob -ApplicationId 'app-1'

            $jobs.Count | Should -Be 200
            ($jobs.Id | Sort-Object -Unique).Count | Should -Be 200
            # By type name: the engine's types load in the module's own AssemblyLoadContext, where a [type] literal may not reach.
            $jobs | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'WriterJobs.WriterJob' }
        }

        It 'filters by status on the server' {
            $failed = Get-WriterJob -ApplicationId 'app-1' -Status failed

            $failed.Count | Should -BeGreaterThan 0
            $failed.Status | Sort-Object -Unique | Should -Be 'failed'
        }

        It 'honours -Skip and -First' {
            $all = Get-WriterJob -ApplicationId 'app-1'
            $some = Get-WriterJob -ApplicationId 'app-1' -Skip 10 -First 5

            $some.Count | Should -Be 5
            $some.Id | Should -Be $all[10..14].Id
        }

        It 'refuses a status the API does not know, listing only the statuses -Status takes' {
            $caught = { Get-WriterJob -ApplicationId 'app-1' -Status unknown } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,WriterJobs.GetWriterJobCommand' -PassThru

            $caught.Exception.Message | Should -Match 'in_progress,failed,completed'
            (Get-Command Get-WriterJob).Parameters['Status'].Attributes.ValidValues | Should -Not -Contain 'unknown'
        }
    }

    Context '-IncludeTotalCount writes PowerShell''s paging total' {
        BeforeAll { $script:total = @(Get-EmulatorJobId $script:emulator).Count }

        It 'writes the total first, as PagingParameters.NewTotalCount makes it: a UInt64 with Accuracy and "Total count: N"' {
            $result = @(Get-WriterJob -ApplicationId 'app-1' -First 2 -IncludeTotalCount)

            $result | Should -HaveCount 3
            $result[0].PSObject.BaseObject | Should -BeOfType [uint64]
            $result[0].PSObject.BaseObject | Should -Be $script:total
            $result[0].Accuracy | Should -Be 1.0
            $result[0].ToString() | Should -Be "Total count: $($script:total)"
            $result[1] | Should -BeOfType ([WriterJobs.WriterJob])
            $result[1].PSObject.TypeNames[0] | Should -Be 'WriterJobs.WriterJob'
        }

        It 'writes the total alone with -First 0, from one page of one job' {
            $sent = Measure-EmulatorRequest $script:emulator { Get-WriterJob -ApplicationId 'app-1' -First 0 -IncludeTotalCount }

            @($sent.Output) | Should -HaveCount 1
            (@($sent.Output)[0] | Out-String).Trim() | Should -Be "Total count: $($script:total)"
            $sent.ListJobs | Should -Be 1
        }
    }
}
