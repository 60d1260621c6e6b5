# What every cmdlet does with what it is given, in real pwsh against an emulator process: a number for a TimeSpan
# is seconds, values refused up front naming the parameter and the value, and errors that say each thing once and
# never show a URL's query.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Validation: what every cmdlet takes, refuses and says' {
    BeforeAll {
        $script:emulator = Start-MinuteJobEmulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

    Context 'A number given to a TimeSpan parameter means seconds' {
        It 'Wait-WriterJob -Timeout 2 waits two seconds, not 2 ticks, and polls every half second' {
            $job = Start-WriterJob -ApplicationId 'app-1' -Input @{ product = 'Lamp' }

            $sent = Measure-EmulatorRequest $script:emulator { Wait-WriterJob -Id $job.Id -Timeout 2 -PollInterval 0.5 3>&1 }
            $warned = $sent.Output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }

            "$warned" | Should -Match 'Timed out after 00:00:02 '
            ($sent.Output | Where-Object Id -EQ $job.Id).Status | Should -Be 'in_progress'
            # The first read, then polls 0.5, 0.75 and 1.125 s apart until the two seconds are up: more than one.
            $sent.GetJob | Should -BeGreaterThan 2
        }

        It 'Connect-Writer -RequestTimeout 30 is 30 seconds, and later requests succeed' {
            try {
                Connect-Writer -ApiKey (ConvertTo-SecureString $script:emulator.ApiKey -AsPlainText -Force) -BaseUri $script:emulator.BaseUri -RequestTimeout 30

                (Get-WriterConnection).RequestTimeout | Should -Be ([timespan]::FromSeconds(30))
                (Get-WriterJob -Id $script:completed[0]).Id | Should -Be $script:completed[0]
            }
            finally {
                Connect-WriterEmulator $script:emulator
            }
        }

        It 'takes a number, a numeric string, a TimeSpan and a TimeSpan string on every TimeSpan parameter' {
            $minute = [timespan]::FromMinutes(1)
            foreach ($command in 'Wait-WriterJob', 'Invoke-WriterJobRetry', 'Connect-Writer') {
                foreach ($parameter in (Get-Command $command).Parameters.Values | Where-Object { $_.ParameterType -in [timespan], [Nullable[timespan]] }) {
                    $transform = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentTransformationAttribute] }
                    foreach ($value in 60, 60.0, '60', $minute, '00:01:00') {
                        $converted = $transform.Transform($ExecutionContext, $value)
                        [System.Management.Automation.LanguagePrimitives]::ConvertTo($converted, [timespan]) |
                            Should -Be $minute -Because "$command -$($parameter.Name) $value"
                    }
                }
            }
        }
    }

    Context 'Validation up front, naming the parameter and the value' {
        It 'refuses Wait-WriterJob -PollInterval 0 before reading any input' {
            $sent = Measure-EmulatorRequest $script:emulator {
                { $script:completed[0..2] | Wait-WriterJob -PollInterval 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,WriterJobs.WaitWriterJobCommand'
            }

            $sent.GetJob | Should -Be 0
        }

        It 'names the parameter and the value of a negative -MaxStatusAge' {
            $caught = { Invoke-WriterJobRetry -Id $script:completed[0] -MaxStatusAge '-00:01:00' } | Should -Throw -PassThru

            $caught.FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,WriterJobs.InvokeWriterJobRetryCommand'
            $caught.Exception.Message | Should -Match 'MaxStatusAge'
            $caught.Exception.Message | Should -Match '-00:01:00'
        }

        It 'refuses WRITER_MAX_RETRIES=50 as -MaxRetries 50 is refused' {
            $caught = Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = $script:emulator.ApiKey; WRITER_BASE_URL = $script:emulator.BaseUri; WRITER_MAX_RETRIES = '50' } {
                { Get-WriterJob -Id $script:completed[0] } | Should -Throw -ErrorId 'WriterInvalidArgument,WriterJobs.GetWriterJobCommand' -PassThru
            }

            $caught.Exception.Message | Should -Match "WRITER_MAX_RETRIES is '50'"
            { Connect-Writer -MaxRetries 50 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,WriterJobs.ConnectWriterCommand'
        }

        It 'refuses -ProxyCredential without -Proxy' {
            $credential = [pscredential]::new('proxy-user', (ConvertTo-SecureString 'proxy-pw' -AsPlainText -Force))

            $caught = { Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri $script:emulator.BaseUri -ProxyCredential $credential } |
                Should -Throw -ErrorId 'WriterProxyCredentialWithoutProxy,WriterJobs.ConnectWriterCommand' -PassThru

            $caught.Exception.Message | Should -Match "-ProxyCredential 'proxy-user'"
            $caught.Exception.Message | Should -Not -Match 'proxy-pw'
        }

        It 'names the refused setting in words the user can act on when WRITER_TIMEOUT_SECONDS is 0' {
            $caught = Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = $script:emulator.ApiKey; WRITER_BASE_URL = $script:emulator.BaseUri; WRITER_TIMEOUT_SECONDS = '0' } {
                { Get-WriterJob -Id $script:completed[0] } | Should -Throw -PassThru
            }

            $caught.Exception.Message | Should -Match "WRITER_TIMEOUT_SECONDS is '0'"
            $caught.Exception.Message | Should -Not -Match 'response size'
        }
    }

    Context 'Messages say each thing once' {
        # A missing job named once: Get-WriterJob.Tests.ps1; a wrong -Inputs value named by its parameter: Start-WriterJob.Tests.ps1.
        It 'a timed-out request is described once, with its real timeout' {
            $silent = Start-WriterEmulator -Jobs 5 -ExtraArgument '--latency-ms', '3000'
            try {
                Connect-Writer -ApiKey (ConvertTo-SecureString $silent.ApiKey -AsPlainText -Force) -BaseUri $silent.BaseUri -RequestTimeout 0.5 -MaxRetries 0
                $id = [guid]::NewGuid()

                Get-WriterJob -Id $id -ErrorVariable problems -ErrorAction SilentlyContinue

                $message = $problems[0].Exception.Message
                $problems[0].FullyQualifiedErrorId | Should -BeLike 'WriterRequestTimeout,*'
                ([regex]::Matches($message, 'GET ')).Count | Should -Be 1
                $message | Should -Match 'within 0.5 s'
            }
            finally {
                Stop-WriterEmulator $silent
                Connect-WriterEmulator $script:emulator
            }
        }
    }

    Context 'Errors name what they are about, once, and never a URL''s query' {
        It 'a WRITER_BASE_URL with a path is WriterBaseUriInvalid naming the variable, for every command and Get-WriterConnection' {
            $variables = @{ WRITER_API_KEY = 'k'; WRITER_BASE_URL = "$($script:emulator.BaseUri.TrimEnd('/'))/v1?token=s3cret" }

            $caught = Invoke-WithWriterVariable $script:emulator $variables {
                { Get-WriterJob -Id ([guid]::NewGuid()) } | Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.GetWriterJobCommand' -PassThru
                { Get-WriterConnection } | Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.GetWriterConnectionCommand' -PassThru
            }

            $caught | Should -HaveCount 2
            foreach ($problem in $caught) {
                $problem.Exception.Message | Should -Match 'WRITER_BASE_URL'
                $problem.Exception.Message | Should -Match '/v1\?\.\.\.'
                "$($problem.Exception.Message) $($problem.TargetObject)" | Should -Not -Match 's3cret'
            }
        }

        It 'Get-WriterConnection refuses what every command refuses: WRITER_TIMEOUT_SECONDS=<value>' -ForEach @(@{ value = '1e10' }, @{ value = '3601' }) {
            $caught = Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = 'k'; WRITER_TIMEOUT_SECONDS = $value } {
                { Get-WriterConnection } | Should -Throw -ErrorId 'WriterInvalidArgument,WriterJobs.GetWriterConnectionCommand' -PassThru
            }

            $caught.Exception.Message | Should -Match "WRITER_TIMEOUT_SECONDS is '$value'; it must be a number of seconds above 0 and at most 3600"
            { Connect-Writer -RequestTimeout $value } | Should -Throw -ErrorId 'ParameterArgumentValidationError,WriterJobs.ConnectWriterCommand'
        }

        It 'a -BaseUri with a query is refused without showing the query, in the message or the target' {
            $caught = { Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri 'https://api.writer.com/?api_key=s3cret' } |
                Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.ConnectWriterCommand' -PassThru

            $caught.Exception.Message | Should -Match "-BaseUri 'https://api.writer.com/\?\.\.\.'"
            $caught.TargetObject | Should -Be 'https://api.writer.com/?...'
            "$($caught.Exception.Message) $($caught.TargetObject)" | Should -Not -Match 's3cret'
        }

        It 'an unreachable API names its host once, and the error that stops the command targets the job it names' {
            $closed = Get-ClosedPortUri
            $authority = ([uri] $closed).Authority
            try {
                Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri $closed -MaxRetries 0
                $ids = 1..20 | ForEach-Object { [guid]::NewGuid() }

                $caught = { Get-WriterJob -Id $ids -ThrottleLimit 8 } | Should -Throw -ErrorId 'WriterApiUnreachable,*' -PassThru
            }
            finally {
                Connect-WriterEmulator $script:emulator
            }

            ([regex]::Matches($caught.Exception.Message, [regex]::Escape($authority))).Count | Should -Be 1
            $caught.Exception.Message | Should -Match "cannot be reached \(GET /v1/applications/jobs/$($caught.TargetObject)\)"
            $caught.TargetObject | Should -BeIn $ids
        }
    }
}
