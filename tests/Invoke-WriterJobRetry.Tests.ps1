# Invoke-WriterJobRetry, in real pwsh against an emulator process, requests counted at the emulator: the used-by
# line, -WhatIf, skips and duplicates, piped job objects, the audit records, -Wait. The retry history and the budget:
# RetryHistory.Tests.ps1; exactly-once under lost answers: Reliability.Tests.ps1.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'A wrapper hands its -WhatIf on through $WhatIfPreference alone, as the test means it to.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Invoke-WriterJobRetry' {
    BeforeAll {
        $script:emulator = Start-MinuteJobEmulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

    Context 'The used-by line' {
        It 'retries exactly the failed jobs among those piped in: N reads and F retries for N jobs with F failed' {
            $failed = @(Get-FailedJobId 4)
            $ids = $failed + $script:completed[0..3]

            $sent = Measure-EmulatorRequest $script:emulator { Get-WriterJob -Id $ids | Where-Object Status -eq failed | Invoke-WriterJobRetry }

            $results = $sent.Output
            $results | Should -HaveCount 4
            $results.Action | Sort-Object -Unique | Should -Be 'Retried'
            @($results.Id) | Should -Be $failed
            # The piped jobs are not read again: one read per ID, one retry per failed job.
            $sent.GetJob | Should -Be $ids.Count
            $sent.RetryJob | Should -Be 4
            foreach ($id in $failed) { (Get-EmulatorJob $script:emulator $id).status | Should -Be 'in_progress' }
            foreach ($id in $script:completed[0..3]) { (Get-EmulatorJob $script:emulator $id).status | Should -Be 'completed' }
        }
    }

    Context 'Records, -WhatIf, skips and duplicates' {
        It 'sends no retry with -WhatIf and records WhatIf' {
            $id = Get-FailedJobId 1

            $sent = Measure-EmulatorRequest $script:emulator { $id | Invoke-WriterJobRetry -WhatIf }

            $sent.Output.Action | Should -Be 'WhatIf'
            $sent.RetryJob | Should -Be 0
            (Get-EmulatorJob $script:emulator $id).status | Should -Be 'failed'
        }

        It 'writes audit records and jobs that a later stage cannot edit, with no compiler-made members' {
            $record = Get-FailedJobId 1 | Invoke-WriterJobRetry -WhatIf
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
            $id = Get-FailedJobId 1

            $results = $id, $id | Invoke-WriterJobRetry -WarningAction SilentlyContinue

            $results[0].Action | Should -Be 'Retried'
            $results[1].Action | Should -Be 'Skipped'
        }

        It 'writes a Failed record and WriterJobNotFound for an unknown job, and goes on' {
            $unknown = [guid]::NewGuid()

            $results = $unknown, (Get-FailedJobId 1) | Invoke-WriterJobRetry -ErrorVariable problems -ErrorAction SilentlyContinue

            $results.Action | Should -Be @('Failed', 'Retried')
            $results[0].Id | Should -Be $unknown
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobNotFound,WriterJobs.InvokeWriterJobRetryCommand'
        }
    }

    Context 'Piped job objects bind to -InputObject, not -Id' {
        # The used-by line's N reads and F retries: the Context 'The used-by line' above.
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

        It 'still binds IDs by position, by value and by property name to -Id' {
            $id = $script:completed[0]

            (Wait-WriterJob $id).Id | Should -Be $id
            ("$id" | Wait-WriterJob).Id | Should -Be $id
            ([pscustomobject]@{ JobId = "$id" } | Wait-WriterJob).Id | Should -Be $id
            (Invoke-WriterJobRetry $id -WhatIf).Id | Should -Be $id
        }
    }

    Context 'A bad -Id value is one item''s error' {
        # Get-WriterJob's case, by -Id and piped: Get-WriterJob.Tests.ps1.
        It 'Invoke-WriterJobRetry and Wait-WriterJob write one error for the bad line too, by -Id and piped' {
            $file = Join-Path $TestDrive 'ids.txt'
            Set-Content $file -Value 'bad-1', $script:completed[0]

            $records = Invoke-WriterJobRetry -Id (Get-Content $file) -WhatIf -ErrorVariable retryProblems -ErrorAction SilentlyContinue
            $waited = Get-Content $file | Wait-WriterJob -ErrorVariable waitProblems -ErrorAction SilentlyContinue
            $waitedById = Wait-WriterJob -Id (Get-Content $file) -Timeout 0 -ErrorVariable waitByIdProblems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $records.Id | Should -Be $script:completed[0]
            $retryProblems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.InvokeWriterJobRetryCommand'
            $waited.Id | Should -Be $script:completed[0]
            $waitProblems[0].TargetObject | Should -Be 'bad-1'
            $waitedById.Id | Should -Be $script:completed[0]
            $waitByIdProblems[0].FullyQualifiedErrorId | Should -Be 'WriterJobIdInvalid,WriterJobs.WaitWriterJobCommand'
        }
    }

    Context '-WhatIf through $WhatIfPreference' {
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

    Context 'The audit record of a failed retry under -ErrorAction Stop' {
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
}

Describe 'Invoke-WriterJobRetry -Wait' {
    BeforeAll { $script:emulator = Start-ShortJobEmulator }

    AfterAll {
        Stop-ConnectedEmulator $script:emulator
        Remove-Module WriterJobs -Force -ErrorAction SilentlyContinue
    }

    Context '-WhatIf changes nothing' {
        It 'neither retries nor waits with -Wait -WhatIf' {
            $ids = Get-EmulatorJobId $script:emulator -Status failed | Select-Object -First 3

            $results = Get-WriterJob -Id $ids | Invoke-WriterJobRetry -Wait -WhatIf

            $results.Action | Sort-Object -Unique | Should -Be 'WhatIf'
            $ids | ForEach-Object { (Get-EmulatorJob $script:emulator $_).status | Should -Be 'failed' }
        }
    }

    Context 'Failed jobs of an application, retried and waited for, the still failing exported' {
        It 'retries every failed job once and exports those that failed again' {
            $csv = Join-Path $TestDrive 'still-failing.csv'
            $before = Get-WriterJob -ApplicationId 'app-1' -Status failed
            $before.Count | Should -BeGreaterThan 0

            Get-WriterJob -ApplicationId 'app-1' -Status failed |
                Invoke-WriterJobRetry -Wait -Timeout (New-TimeSpan -Minutes 10) -PollInterval (New-TimeSpan -Milliseconds 200) |
                Where-Object Status -ne completed | Export-Csv -Path $csv -NoTypeInformation

            $rows = @(if (Test-Path $csv) { Import-Csv $csv })
            $rows | ForEach-Object {
                $_.Action | Should -Be 'Retried'
                $_.Status | Should -Be 'failed'
                $_.Message | Should -BeLike 'Retried; failed again:*'
                $_.ApplicationId | Should -Be 'app-1'
            }
            $nowFailed = @(Get-WriterJob -ApplicationId 'app-1' -Status failed)
            ($rows.Id | Sort-Object) | Should -Be (@($nowFailed.Id | ForEach-Object Guid) | Sort-Object)
            @(Get-WriterJob -ApplicationId 'app-1' -Status in_progress).Count | Should -Be 0
        }

        It 'exports audit records with every column' {
            $csv = Join-Path $TestDrive 'audit.csv'
            $id = @(Get-EmulatorJobId $script:emulator -Status failed)[0]

            Invoke-WriterJobRetry -Id $id -Wait -PollInterval (New-TimeSpan -Milliseconds 200) | Export-Csv -Path $csv -NoTypeInformation

            $row = Import-Csv $csv
            ($row.PSObject.Properties.Name) | Should -Be 'Id', 'ApplicationId', 'PreviousStatus', 'Action', 'Status', 'Time', 'Message'
            $row.Id | Should -Be "$id"
            $row.PreviousStatus | Should -Be 'failed'
            $row.Status | Should -Be (Get-EmulatorJob $script:emulator -Id $id).status
        }

        It 'sends every retry first, then waits for them together: records not retried come out at once, retried ones after the wait in input order' {
            $failed = @(Get-EmulatorJobId $script:emulator -Status failed | Select-Object -First 3)
            $completed = @(Get-EmulatorJobId $script:emulator -Status completed)[0]

            $records = @($failed[0], $completed, $failed[1], $failed[2] |
                    Invoke-WriterJobRetry -Wait -PollInterval 0.2 -ThrottleLimit 2 -WarningAction SilentlyContinue)

            $records.Action | Should -Be 'Skipped', 'Retried', 'Retried', 'Retried'
            $records[0].Id | Should -Be $completed
            @($records[1..3].Id | ForEach-Object Guid) | Should -Be @($failed | ForEach-Object { "$_" })
            foreach ($record in $records[1..3]) {
                $record.Status | Should -Not -Be 'in_progress'
                $record.Status | Should -Be (Get-EmulatorJob $script:emulator -Id $record.Id).status
            }
        }

        It '-Timeout bounds the whole wait from the end of the input and cancels nothing' {
            $failed = @(Get-EmulatorJobId $script:emulator -Status failed | Select-Object -First 2)

            $records = @($failed | Invoke-WriterJobRetry -Wait -Timeout 0 -WarningVariable warned -WarningAction SilentlyContinue)

            $records.Action | Should -Be 'Retried', 'Retried'
            $records.Status | Should -Be 'in_progress', 'in_progress'
            $records | ForEach-Object { $_.Message | Should -Be 'Retry accepted; still in progress when the wait timed out (the job goes on).' }
            "$warned" | Should -BeLike '*Timed out after 00:00:00 with 2 job(s) still in progress*'
        }
    }
}

Describe 'Invoke-WriterJobRetry: -HistoryPath, in the session' {
    BeforeAll {
        $emulator = Start-ConnectedEmulator -Jobs 20 -Failed 0.5 -CompletionMs 600000
        $failed = @(Get-EmulatorJobId $emulator -Status failed)
    }

    AfterAll {
        Stop-ConnectedEmulator $emulator
    }

    It 'records a failed job retried too recently as TooSoon, says when under -Verbose, and sends nothing for it; -Force retries it all the same' {
        $history = Join-Path $TestDrive 'recent.json'
        # The job failed again after a retry an earlier run sent a minute ago (the documented format, written as it is).
        $minuteAgo = [DateTimeOffset]::UtcNow.AddMinutes(-1).ToString('o')
        Set-Content -LiteralPath $history -Value "{ ""format"": ""WriterJobs.RetryHistory/2"", ""generation"": 1, ""jobs"": { ""$($failed[0])"": { ""retries"": 1, ""lastRetryAt"": ""$minuteAgo"" } } }"
        $before = (Get-EmulatorRetryTotal $emulator).triggers

        $second = Invoke-WriterJobRetry -Id $failed[0] -HistoryPath $history -MinRetryInterval 3600 -Verbose -WarningVariable warned 4>&1
        $record = $second | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

        $record.Action | Should -Be 'TooSoon'
        $record.Message | Should -BeLike "*last retried at*less than 01:00:00 ago*"
        @($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*less than 01:00:00 ago*' }) | Should -HaveCount 1
        $warned | Should -HaveCount 0
        (Get-EmulatorRetryTotal $emulator).triggers | Should -Be $before

        (Invoke-WriterJobRetry -Id $failed[0] -HistoryPath $history -MinRetryInterval 3600 -Force).Action | Should -Be 'Retried'
        (Get-WriterJobRetryBudget -HistoryPath $history -Id $failed[0]).Retries | Should -Be 2
    }

    It 'stops before anything is sent when the history is not one: WriterRetryHistoryInvalid, InvalidData, the path as target' {
        $foreign = Join-Path $TestDrive 'foreign.json'
        Set-Content -LiteralPath $foreign -Value 'not json'
        $before = (Get-EmulatorRetryTotal $emulator).triggers

        $problem = { Invoke-WriterJobRetry -Id $failed[1] -HistoryPath $foreign -Force } | Should -Throw -PassThru

        $problem.FullyQualifiedErrorId | Should -Be 'WriterRetryHistoryInvalid,WriterJobs.InvokeWriterJobRetryCommand'
        $problem.CategoryInfo.Category | Should -Be 'InvalidData'
        $problem.TargetObject | Should -Be $foreign
        (Get-EmulatorRetryTotal $emulator).triggers | Should -Be $before
    }

    It 'warns that -MaxRetriesPerJob takes effect only with -HistoryPath' {
        $null = Invoke-WriterJobRetry -Id $failed[2] -MaxRetriesPerJob 2 -WhatIf -WarningVariable warned -WarningAction SilentlyContinue 6>$null

        $warned.Message | Should -Contain '-MaxRetriesPerJob, -MinRetryInterval and -HistoryRetention take effect only with -HistoryPath.'
    }
}
