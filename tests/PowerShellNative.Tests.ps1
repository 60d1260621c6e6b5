# Issue 11: what a PowerShell expert found wrong at the prompt, one Describe per item, each against a real emulator
# process in real pwsh. Request counts come from the emulator's own log (GET /_emulator/requests).
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'The emulator''s made-up keys.')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'The wrapper of item 3 hands its -WhatIf on through $WhatIfPreference alone, as the test means it to.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    # Jobs stay in progress for a minute, so a wait on a new or retried job only ends at its timeout.
    $script:emulator = Start-ConnectedEmulator -Jobs 200 -Failed 0.4 -CompletionMs 60000 -ApplicationIds 'app-1', 'app-2'
    $script:failed = [System.Collections.Generic.Queue[guid]]::new([guid[]] @(Get-EmulatorJobId $script:emulator -Status failed))
    $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)

    # Failed jobs are used up by retries: each test takes its own.
    function script:Get-FailedJobId([int] $Count) { 1..$Count | ForEach-Object { $script:failed.Dequeue() } }
}

AfterAll {
    Stop-ConnectedEmulator $script:emulator
}

Describe '1. Piped job objects bind to -InputObject, not -Id' {
    # The used-by line's N reads and F retries: GetAndRetry.Tests.ps1, 'The used-by line'.
    It 'binds a piped job to -InputObject, so -WhatIf records its application and previous status' {
        $job = Get-WriterJob -Id (Get-FailedJobId 1)

        $record = $job | Invoke-WriterJobRetry -WhatIf

        $record.Action | Should -Be 'WhatIf'
        $record.ApplicationId | Should -Be $job.ApplicationId
        $record.PreviousStatus | Should -Be 'failed'
    }

    It 'applies -MaxStatusAge to piped jobs: an older status is read again before the retry' {
        $job = Get-WriterJob -Id (Get-FailedJobId 1)

        $sent = Measure-EmulatorRequest $script:emulator { $job | Invoke-WriterJobRetry -MaxStatusAge ([timespan]::Zero) }

        $sent.GetJob | Should -Be 1
        $sent.RetryJob | Should -Be 1
    }

    It 'Wait-WriterJob trusts piped finished jobs: N reads in all' {
        $ids = $script:completed[0..5]

        $sent = Measure-EmulatorRequest $script:emulator { Get-WriterJob -Id $ids | Wait-WriterJob }

        $sent.GetJob | Should -Be $ids.Count
        @($sent.Output.Id) | Should -Be @($ids)
    }

    It 'still binds IDs by position, by value and by property name to -Id' {
        $id = $script:completed[0]

        (Wait-WriterJob $id).Id | Should -Be $id
        ("$id" | Wait-WriterJob).Id | Should -Be $id
        ([pscustomobject]@{ JobId = "$id" } | Wait-WriterJob).Id | Should -Be $id
        (Invoke-WriterJobRetry $id -WhatIf).Id | Should -Be $id
    }
}

Describe '4. Wait-WriterJob -Any at the timeout' {
    It 'writes nothing when no job finished in time, as Wait-Job -Any does' {
        $job = Start-WriterJob -ApplicationId 'app-1' -Input @{ product = 'Lamp' }

        $result = $job, $job | Wait-WriterJob -Any -Timeout 1 -WarningVariable warned -WarningAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        "$warned" | Should -Match 'Timed out'
    }

    It 'writes the one job that finished' {
        $running = Start-WriterJob -ApplicationId 'app-1' -Input @{ product = 'Lamp' }

        $result = Wait-WriterJob -Id $running.Id, $script:completed[0] -Any -Timeout 5

        @($result.Id) | Should -Be @($script:completed[0])
    }
}

Describe '13. A bad -Id value is one item''s error' {
    # Get-WriterJob's case, by -Id and piped: GetAndRetry.Tests.ps1.
    It 'Invoke-WriterJobRetry and Wait-WriterJob write one error for the bad line too, by -Id and piped' {
        $file = Join-Path $TestDrive 'ids.txt'
        Set-Content $file -Value 'bad-1', $script:completed[0]

        $records = Invoke-WriterJobRetry -Id (Get-Content $file) -WhatIf -ErrorVariable retryProblems -ErrorAction SilentlyContinue
        $waited = Get-Content $file | Wait-WriterJob -ErrorVariable waitProblems -ErrorAction SilentlyContinue

        $records.Id | Should -Be $script:completed[0]
        $retryProblems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.InvokeWriterJobRetryCommand'
        $waited.Id | Should -Be $script:completed[0]
        $waitProblems[0].TargetObject | Should -Be 'bad-1'
    }
}

Describe '2. A number given to a TimeSpan parameter means seconds' {
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

Describe '3. -WhatIf through $WhatIfPreference' {
    It 'records WhatIf when a wrapper function with SupportsShouldProcess is called with -WhatIf' {
        function Invoke-Wrapper {
            [CmdletBinding(SupportsShouldProcess)]
            param([guid] $Id)
            Invoke-WriterJobRetry -Id $Id
        }
        $id = Get-FailedJobId 1

        $record = Invoke-Wrapper -Id $id -WhatIf

        $record.Action | Should -Be 'WhatIf'
        (Get-EmulatorJob $script:emulator $id).status | Should -Be 'failed'
    }
}

Describe '5. An API key ending in a newline' {
    It 'is trimmed, and the requests succeed' {
        $keyFile = Join-Path $TestDrive 'key.txt'
        Set-Content $keyFile -Value $script:emulator.ApiKey
        try {
            Connect-Writer -ApiKey (ConvertTo-SecureString (Get-Content $keyFile -Raw) -AsPlainText -Force) -BaseUri $script:emulator.BaseUri

            (Get-WriterJob -Id $script:completed[0] -ErrorAction Stop).Id | Should -Be $script:completed[0]
        }
        finally {
            Connect-WriterEmulator $script:emulator
        }
    }

    It 'is refused once, at Connect-Writer, when a line break is inside it' {
        try {
            $bad = ConvertTo-SecureString "test`n-key" -AsPlainText -Force
            { Connect-Writer -ApiKey $bad -BaseUri $script:emulator.BaseUri } | Should -Throw -ErrorId 'WriterApiKeyMalformed,WriterJobs.ConnectWriterCommand'
        }
        finally {
            Connect-WriterEmulator $script:emulator
        }
    }
}

Describe '7. A base URI with a path, query or user info' {
    It 'refuses <uri> at Connect-Writer, naming -BaseUri' -ForEach @(
        @{ uri = 'http://127.0.0.1:9/v1' }
        @{ uri = 'http://127.0.0.1:9/api/' }
        @{ uri = 'http://127.0.0.1:9/?x=1' }
    ) {
        $caught = { Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri $uri } |
            Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.ConnectWriterCommand' -PassThru

        $caught.Exception.Message | Should -Match '-BaseUri'
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses user info and never echoes its password, from Connect-Writer or WRITER_BASE_URL' {
        $withPassword = $script:emulator.BaseUri -replace '^http://', 'http://admin:s3cret-pw@'

        $fromConnect = { Connect-Writer -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -BaseUri $withPassword -Verbose 4>&1 } |
            Should -Throw -ErrorId 'WriterBaseUriInvalid,WriterJobs.ConnectWriterCommand' -PassThru
        $fromVariable = Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = 'k'; WRITER_BASE_URL = $withPassword } {
            { Get-WriterJob -Id $script:completed[0] -Verbose 4>&1 } | Should -Throw -ErrorId 'WriterInvalidArgument,*' -PassThru
        }

        foreach ($caught in $fromConnect, $fromVariable) {
            "$($caught.Exception.Message) $($caught.TargetObject)" | Should -Not -Match 's3cret-pw'
            $caught.Exception.Message | Should -Match 'user name or password'
        }
    }
}

Describe '9. Validation up front, naming the parameter and the value' {
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

Describe '10. The audit record of a failed retry under -ErrorAction Stop' {
    It 'is written before the error that stops the command' {
        $unknown = [guid]::NewGuid()
        $records = [System.Collections.Generic.List[object]]::new()
        $caught = $null

        try { Invoke-WriterJobRetry -Id $unknown -ErrorAction Stop | ForEach-Object { $records.Add($_) } } catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'WriterJobNotFound,*'
        $records | Should -HaveCount 1
        $records[0].Id | Should -Be $unknown
        $records[0].Action | Should -Be 'Failed'
    }
}

Describe '11. Get-WriterConnection without a key' {
    It 'shows the effective settings with ApiKeySet False' {
        $info = Invoke-WithWriterVariable $script:emulator @{ WRITER_API_KEY = ''; WRITER_REQUESTS_PER_MINUTE = '120' } { Get-WriterConnection }

        $info.ApiKeySet | Should -BeFalse
        $info.Source | Should -Be 'Environment'
        $info.RequestsPerMinute | Should -Be 120
        $info.BaseUri | Should -Be 'https://api.writer.com/'
    }
}

Describe '12. -Debug shows the request lines and never prompts' {
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

Describe '14. Messages say each thing once' {
    # A missing job named once: GetAndRetry.Tests.ps1; a wrong -Input value described by its type: Workflow.Tests.ps1.
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

Describe '15. Remove-Module disconnects' {
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

Describe '16. Start-WriterJob -Input takes objects and numbers' {
    It 'creates a job from an Import-Csv row, numbers sent as strings' {
        $csv = Join-Path $TestDrive 'inputs.csv'
        [pscustomobject]@{ product = 'Lamp'; price = 42 } | Export-Csv $csv -NoTypeInformation
        $row = Import-Csv $csv

        $sent = Measure-EmulatorRequest $script:emulator { Start-WriterJob -ApplicationId 'app-1' -Input $row }
        $fromNumber = Start-WriterJob -ApplicationId 'app-1' -Input @{ count = 3; ratio = 1.5; sizes = 1, 2 }

        $sent.CreateJob | Should -Be 1
        $sent.Output.Status | Should -Be 'in_progress'
        $fromNumber.Status | Should -Be 'in_progress'
    }

    It 'refuses a plain string with an error that names -Inputs' {
        Start-WriterJob -ApplicationId 'app-1' -Input 'product=Lamp' -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WriterInvalidArgument,*'
        $problems[0].Exception.Message | Should -Match "-Inputs 'product=Lamp'"
    }
}

Describe '17. -ApplicationId tab completion' {
    It 'completes from the applications of the jobs this session has seen' {
        $null = Get-WriterJob -ApplicationId 'app-2' -First 1

        $line = 'Get-WriterJob -ApplicationId app-'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $startLine = 'Start-WriterJob -ApplicationId app-2'
        $forStart = (TabExpansion2 -inputScript $startLine -cursorColumn $startLine.Length).CompletionMatches.CompletionText

        $completions | Should -Contain 'app-2'
        $forStart | Should -Be @('app-2')
    }
}

Describe '6. Default views show what failed and why' {
    BeforeAll {
        $script:rendering = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'
        $script:failedJob = Get-WriterJob -Id (Get-FailedJobId 1)
    }

    AfterAll {
        $PSStyle.OutputRendering = $script:rendering
    }

    It 'the job table at <width> columns keeps the status and the whole error' -ForEach @(@{ width = 80 }, @{ width = 120 }) {
        $shown = $script:failedJob | Out-String -Width $width

        $shown | Should -Match "$($script:failedJob.Id)\s+failed"
        $shown | Should -Match 'Updated\s+Error'
        $shown | Should -Match "failed\s+$($script:failedJob.UpdatedAt.LocalDateTime.ToString('MM-dd HH:mm'))"
        # The wrapped column continues on the next lines: without the blanks, the error reads whole.
        ($shown -replace '\s') | Should -BeLike "*$([WildcardPattern]::Escape($script:failedJob.Error -replace '\s'))*"
    }

    It 'the retry record table at <width> columns keeps the action and the whole message' -ForEach @(@{ width = 80 }, @{ width = 120 }) {
        $record = Invoke-WriterJobRetry -Id $script:completed[0] -WarningAction SilentlyContinue

        $shown = $record | Out-String -Width $width

        $shown | Should -Match "$($record.Id)\s+Skipped"
        ($shown -replace '\s') | Should -BeLike "*$([WildcardPattern]::Escape($record.Message -replace '\s'))*"
    }
}

Describe '8. Progress where a person watches' {
    BeforeAll {
        # Progress is shown only where a person may watch: a child pwsh started without -NonInteractive and outside CI.
        # The command runs there in a runspace of the console host, whose Streams.Progress keeps every record written.
        function script:Get-ChildProgress([string] $Command) {
            $script = @"
`$runspace = [runspacefactory]::CreateRunspace(`$Host)
`$runspace.Open()
`$nested = [powershell]::Create()
`$nested.Runspace = `$runspace
`$null = `$nested.AddScript({
    Import-Module '$(Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')'
    Connect-Writer -ApiKey (ConvertTo-SecureString '$($script:emulator.ApiKey)' -AsPlainText -Force) -BaseUri '$($script:emulator.BaseUri)'
    $Command
}).Invoke()
`$nested.Streams.Progress | ForEach-Object { [pscustomobject]@{ Activity = `$_.Activity; Status = `$_.StatusDescription; Percent = `$_.PercentComplete; SecondsLeft = `$_.SecondsRemaining; Type = "`$(`$_.RecordType)" } } |
    ConvertTo-Json -AsArray
"@
            $file = Join-Path $TestDrive 'progress.ps1'
            Set-Content $file -Value $script
            $saved = $env:CI, $env:TF_BUILD
            try {
                $env:CI = $env:TF_BUILD = $null
                (Invoke-Pwsh -NoProfile -File $file | Out-String) | ConvertFrom-Json
            }
            finally {
                $env:CI, $env:TF_BUILD = $saved
            }
        }
    }

    It 'Get-WriterJob -Id shows counts, a percentage and a time estimate' {
        $ids = ($script:completed * 3)[0..29] -join "','"

        $records = @(Get-ChildProgress "Get-WriterJob -Id '$ids' -ThrottleLimit 4")

        $counted = @($records | Where-Object { $_.Activity -eq 'Reading Writer jobs' -and $_.Type -eq 'Processing' })
        $counted | Should -Not -BeNullOrEmpty
        $counted[-1].Status | Should -Match '^\d+ of 30 job\(s\) read$'
        $counted[-1].Percent | Should -BeGreaterThan 0
        $counted[-1].SecondsLeft | Should -BeGreaterOrEqual 0
        $records[-1].Type | Should -Be 'Completed'
    }

    It 'Invoke-WriterJobRetry -Wait shows progress while it polls' {
        $ids = @(Get-FailedJobId 2) -join "','"

        $records = @(Get-ChildProgress "Invoke-WriterJobRetry -Id '$ids' -Wait -Timeout 3 -PollInterval 1 -WarningAction SilentlyContinue")

        $polling = @($records | Where-Object { $_.Activity -eq 'Waiting for retried Writer jobs' -and $_.Type -eq 'Processing' })
        $polling | Should -Not -BeNullOrEmpty
        $polling[0].Status | Should -Be '0 of 2 job(s) done'
    }

    It 'a listing shows the count of the total, a percentage and a time estimate' {
        $total = @(Get-EmulatorJobId $script:emulator -ApplicationId 'app-1').Count

        $records = @(Get-ChildProgress "Get-WriterJob -ApplicationId 'app-1'")

        $listed = @($records | Where-Object { $_.Activity -like 'Listing jobs*' -and $_.Type -eq 'Processing' })
        $listed | Should -Not -BeNullOrEmpty
        $listed[0].Status | Should -Match "^\d+ of $total job\(s\) listed$"
        $listed[0].Percent | Should -BeGreaterThan 0
        $listed[0].SecondsLeft | Should -BeGreaterOrEqual 0
    }

    It 'shows nothing when the session is not interactive (CI set)' {
        $saved = $env:CI
        try {
            $env:CI = 'true'
            $script = "`$r = [runspacefactory]::CreateRunspace(`$Host); `$r.Open(); `$n = [powershell]::Create(); `$n.Runspace = `$r; " +
                "`$null = `$n.AddScript({ Import-Module '$(Join-Path (Get-ModuleFolder) 'WriterJobs.psd1')'; Connect-Writer -ApiKey (ConvertTo-SecureString '$($script:emulator.ApiKey)' -AsPlainText -Force) -BaseUri '$($script:emulator.BaseUri)'; Get-WriterJob -ApplicationId 'app-1' }).Invoke(); `$n.Streams.Progress.Count"

            Invoke-Pwsh -NoProfile -Command $script | Should -Be 0
        }
        finally {
            $env:CI = $saved
        }
    }
}
