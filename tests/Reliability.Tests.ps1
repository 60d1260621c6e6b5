# Reliability at the cmdlet level, counted where it matters: at the emulator, a separate process. Exactly-once retries
# under lost 202s, fail fast when the API cannot be reached, and a retry refused as not failed.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    Import-BuiltModule

    function Connect-WriterTo {
        param([Parameter(Mandatory)] [string] $BaseUri, [string] $ApiKey = 'test-key', [int] $MaxRetries = 4, [int] $RequestTimeout = 60)
        Connect-Writer -ApiKey (ConvertTo-SecureString $ApiKey -AsPlainText -Force) -BaseUri $BaseUri -MaxRetries $MaxRetries -RequestTimeout $RequestTimeout -RequestsPerMinute 100000
    }
}

Describe 'Invoke-WriterJobRetry when 20 % of answers are lost after the work (clean close, no answer)' {
    BeforeAll {
        # The same seed makes the same jobs: their IDs come from a quiet emulator, the retries go to a faulty one.
        $jobs = @{ Jobs = 300; Failed = 1; CompletionMs = 600000 }
        $quiet = Start-WriterEmulator @jobs -ExtraArgument '--seed', '7'
        $script:failed = @(Get-EmulatorJobId $quiet -Status failed)
        Stop-WriterEmulator $quiet

        $script:emulator = Start-WriterEmulator @jobs -ExtraArgument '--seed', '7', '--fault-rate', '0.2', '--faults', 'CloseAfterWork'
        # Reads are closed on too; 8 retries make five closes in a row on one read (1 in 2 million) the only way to fail.
        Connect-WriterTo $script:emulator.BaseUri -MaxRetries 8
        $output = @($script:failed | Invoke-WriterJobRetry -Verbose -ErrorVariable retryErrors -ErrorAction SilentlyContinue 4>&1)
        $script:results = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $script:settled = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*the retry took effect and is not sent again*' })
        $script:retryErrors = @($retryErrors)
        $script:totals = Get-EmulatorRetryTotal $script:emulator
    }

    AfterAll {
        Disconnect-Writer
        Stop-WriterEmulator $script:emulator
    }

    It 'triggers each of the 300 failed jobs exactly once at the server' {
        $script:failed | Should -HaveCount 300
        $script:totals.triggers | Should -Be 300
        $script:totals.jobsTriggeredMoreThanOnce | Should -Be 0
        $script:totals.rejections | Should -Be 0
    }

    It 'lost some answers and settled each by reading the job' {
        Write-Host "300 failed jobs, 20 % CloseAfterWork: $($script:settled.Count) lost answers settled by a read; server: $($script:totals | ConvertTo-Json -Compress)"
        $script:settled.Count | Should -BeGreaterThan 0
    }

    It 'records every job as Retried from failed: no Failed record, no error' {
        $script:retryErrors | Should -HaveCount 0
        $script:results | Should -HaveCount 300
        @($script:results | Where-Object Action -ne 'Retried') | Should -HaveCount 0
        @($script:results | Where-Object PreviousStatus -ne 'failed') | Should -HaveCount 0
    }
}

Describe 'A retry whose answer is lost and whose follow-up read fails too' {
    BeforeAll {
        # The job is read from a quiet twin (same seed); every answer of the faulty one is lost after the work: the
        # retry POST and each read that would settle it.
        $jobs = @{ Jobs = 5; Failed = 1; CompletionMs = 600000 }
        $quiet = Start-WriterEmulator @jobs -ExtraArgument '--seed', '11'
        Connect-WriterTo $quiet.BaseUri
        $script:job = Get-WriterJob -Id @(Get-EmulatorJobId $quiet -Status failed)[0]
        Stop-WriterEmulator $quiet

        $script:emulator = Start-WriterEmulator @jobs -ExtraArgument '--seed', '11', '--fault-rate', '1', '--faults', 'CloseAfterWork'
        Connect-WriterTo $script:emulator.BaseUri -MaxRetries 2
    }

    AfterAll {
        Disconnect-Writer
        Stop-WriterEmulator $script:emulator
    }

    It 'is WriterOutcomeUnknown, sent once, and its Failed record keeps the status it was based on' {
        $record = Invoke-WriterJobRetry -InputObject $script:job -ErrorVariable lostErrors -ErrorAction SilentlyContinue

        @($lostErrors) | Should -HaveCount 1
        $lostErrors[0].FullyQualifiedErrorId | Should -BeLike 'WriterOutcomeUnknown,*'
        $record.Action | Should -Be 'Failed'
        $record.PreviousStatus | Should -Be 'failed'
        (Get-EmulatorRetryTotal $script:emulator).triggers | Should -Be 1
    }
}

Describe 'A command against an API that cannot be reached' {
    AfterAll { Disconnect-Writer }

    It 'stops 500 IDs with one terminating WriterApiUnreachable, and the next command tries again' {
        Connect-WriterTo (Get-ClosedPortUri) -MaxRetries 1
        $ids = 1..500 | ForEach-Object { [guid]::NewGuid() }

        $stopped = $null
        try { $ids | Get-WriterJob -ErrorVariable commandErrors -ErrorAction Continue 2>$null } catch { $stopped = $_ }

        $stopped.FullyQualifiedErrorId | Should -BeLike 'WriterApiUnreachable,*'
        @($commandErrors) | Should -HaveCount 1
        $sends = & {
            $DebugPreference = 'Continue'
            try { Get-WriterJob -Id ([guid]::NewGuid()) 5>&1 } catch { $null = $_ }
        } | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        @($sends).Count | Should -BeGreaterThan 0
    }
}

Describe 'A forced retry of a job that is not failed, refused with 400 and the key fail.job.notFailed' {
    BeforeAll {
        $script:emulator = Start-WriterEmulator -Jobs 20 -Failed 0 -ExtraArgument '--not-failed-status', '400'
        Connect-WriterTo $script:emulator.BaseUri
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)[0]
    }

    AfterAll {
        Disconnect-Writer
        Stop-WriterEmulator $script:emulator
    }

    It 'is a Skipped record after a read, not an error' {
        $result = Invoke-WriterJobRetry -Id $script:completed -Force -ErrorVariable refusalErrors -WarningAction SilentlyContinue

        @($refusalErrors) | Should -HaveCount 0
        $result.Action | Should -Be 'Skipped'
        $result.PreviousStatus | Should -Be 'completed'
        (Get-EmulatorRetryTotal $script:emulator).rejections | Should -Be 1
    }
}

Describe 'The emulator every suite starts (Start-WriterEmulator)' {
    BeforeAll {
        $script:emulator = Start-WriterEmulator -Jobs 1
        $script:jobPath = "/v1/applications/jobs/$(@(Get-EmulatorJobId $script:emulator)[0])"

        # One request as raw bytes, answered and the connection closed: what no cmdlet or Invoke-RestMethod would send.
        function Send-RawRequest {
            param([Parameter(Mandatory)] [string] $Head)
            $uri = [uri] $script:emulator.BaseUri
            $client = [Net.Sockets.TcpClient]::new($uri.Host, $uri.Port)
            try {
                $stream = $client.GetStream()
                $stream.ReadTimeout = 10000
                $request = "$Head`r`nHost: $($uri.Authority)`r`nAuthorization: Bearer $($script:emulator.ApiKey)`r`nConnection: close`r`n`r`n"
                $bytes = [Text.Encoding]::ASCII.GetBytes($request)
                $stream.Write($bytes, 0, $bytes.Length)
                [IO.StreamReader]::new($stream, [Text.Encoding]::ASCII).ReadToEnd()
            }
            finally {
                $client.Dispose()
            }
        }
    }

    AfterAll {
        Stop-WriterEmulator $script:emulator
    }

    It 'is strict by default: a GET with Content-Length: 0 gets the load balancer''s HTML 400, the same GET without it a 200' {
        Get-Content $script:emulator.OutputFile -Raw | Should -Match 'front end:\s+strict'
        $refused = Send-RawRequest "GET $script:jobPath HTTP/1.1`r`nContent-Length: 0"
        $refused | Should -Match '^HTTP/1\.1 400 '
        $refused | Should -Match '(?m)^Server: awselb/2\.0\r$'
        $refused | Should -Match '(?m)^Content-Type: text/html\r$'
        Send-RawRequest "GET $script:jobPath HTTP/1.1" | Should -Match '^HTTP/1\.1 200 '
    }
}

Describe 'A server that sends the headers and half the body, then nothing' {
    BeforeAll {
        $jobs = @{ Jobs = 6; Failed = 0.5; CompletionMs = 600000 }
        $quiet = Start-WriterEmulator @jobs -ExtraArgument '--seed', '5', '--in-progress', '0.5'
        Connect-WriterTo $quiet.BaseUri
        $script:failedJob = Get-WriterJob -Id @(Get-EmulatorJobId $quiet -Status failed)[0]
        $script:runningId = @(Get-EmulatorJobId $quiet -Status in_progress)[0]
        Stop-WriterEmulator $quiet

        # The emulator holds the rest of each body for 30 s, then resets: an error naming the timeout, not a reset, shows
        # that the request timeout ended the read.
        $script:emulator = Start-WriterEmulator @jobs -ExtraArgument '--seed', '5', '--in-progress', '0.5', '--fault-rate', '1', '--faults', 'StallMidBody'
        # Warmed by a read-out that is never faulted, so the first faulted answer's headers come in time on a busy machine.
        $null = Get-EmulatorRequestCount $script:emulator
        Connect-WriterTo $script:emulator.BaseUri -MaxRetries 0 -RequestTimeout 2
    }

    AfterAll {
        Disconnect-Writer
        Stop-WriterEmulator $script:emulator
    }

    It 'ends Get-WriterJob with WriterRequestTimeout at the request timeout' {
        $null = Get-WriterJob -Id $script:failedJob.Id -ErrorVariable readErrors -ErrorAction SilentlyContinue

        @($readErrors) | Should -HaveCount 1
        $readErrors[0].FullyQualifiedErrorId | Should -BeLike 'WriterRequestTimeout,*'
        $readErrors[0].Exception.Message | Should -BeLike '*body did not arrive within 2 s*'
    }

    It 'ends Wait-WriterJob with WriterRequestTimeout, not a wait for ever' {
        $null = Wait-WriterJob -Id $script:runningId -Timeout 5 -ErrorVariable waitErrors -ErrorAction SilentlyContinue

        @($waitErrors) | Should -HaveCount 1
        $waitErrors[0].FullyQualifiedErrorId | Should -BeLike 'WriterRequestTimeout,*'
    }

    It 'ends Invoke-WriterJobRetry with WriterOutcomeUnknown after one send, since the settling read stalls too' {
        $record = Invoke-WriterJobRetry -InputObject $script:failedJob -ErrorVariable retryErrors -ErrorAction SilentlyContinue

        @($retryErrors) | Should -HaveCount 1
        $retryErrors[0].FullyQualifiedErrorId | Should -BeLike 'WriterOutcomeUnknown,*'
        $record.Action | Should -Be 'Failed'
        (Get-EmulatorRetryTotal $script:emulator).triggers | Should -Be 1
    }
}
