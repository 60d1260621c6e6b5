# Start-WriterJob, in real pwsh against an emulator process: inputs from objects, numbers and CSV rows, -WhatIf.
# Inputs checked against the application's schema: the last Describe below.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
}

Describe 'Start-WriterJob: jobs that stay in progress for a minute, so a wait on a new or retried job only ends at its timeout' {
    BeforeAll {
        $ProgressPreference = 'SilentlyContinue'
        $script:emulator = Start-ConnectedEmulator -Jobs 200 -Failed 0.4 -CompletionMs 60000 -ApplicationIds 'app-1', 'app-2'
        Initialize-FailedJobQueue $script:emulator
        $script:completed = @(Get-EmulatorJobId $script:emulator -Status completed)
    }

    AfterAll {
        Stop-ConnectedEmulator $script:emulator
    }

    Context '-Inputs takes objects and numbers' {
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
}

Describe 'Start-WriterJob: jobs that finish in half a second, half the retried ones failing again' {
    BeforeAll {
        $ProgressPreference = 'SilentlyContinue'
        # 200 jobs each for app-1 and app-2; the jobs the tests create go to app-2, so that they never change app-1's lists.
        $script:emulator = Start-ConnectedEmulator -Jobs 400 -Failed 0.25 -CompletionMs 500 -ApiKey 'test' -ApplicationIds 'app-1', 'app-2' -ExtraArgument '--retry-failed', '0.5', '--seed', '7'
        # Reads straight from the emulator, not through the module under test.
        function script:Get-EmulatorFailedId { @(Get-EmulatorJobId $script:emulator -Status failed) }
    }

    AfterAll {
        Stop-ConnectedEmulator $script:emulator
        Remove-Module WriterJobs -Force -ErrorAction SilentlyContinue
    }

    Context '-WhatIf changes nothing (with Invoke-WriterJobRetry -Wait)' {
        It 'Invoke-WriterJobRetry -Wait -WhatIf neither retries nor waits' {
            $ids = Get-EmulatorFailedId | Select-Object -First 3

            $results = Get-WriterJob -Id $ids | Invoke-WriterJobRetry -Wait -WhatIf

            $results.Action | Sort-Object -Unique | Should -Be 'WhatIf'
            $ids | ForEach-Object { (Get-EmulatorJob $script:emulator $_).status | Should -Be 'failed' }
        }

        It 'Start-WriterJob -WhatIf creates no job' {
            $before = @(Get-EmulatorJobId $script:emulator -ApplicationId 'app-2').Count
            $sent = Measure-EmulatorRequest $script:emulator { Start-WriterJob -ApplicationId 'app-2' -Inputs @{ product = 'Lamp' } -WhatIf }

            $sent.Output | Should -BeNullOrEmpty
            $sent.CreateJob | Should -Be 0
            @(Get-EmulatorJobId $script:emulator -ApplicationId 'app-2') | Should -HaveCount $before
        }
    }
}

Describe 'Start-WriterJob: checks each job''s inputs against its application before sending' {
    BeforeAll {
        # app-1 and nine named applications with input schemas; 'Blog outline' takes a topic and an audience.
        $script:emulator = Start-ConnectedEmulator -Jobs 200 -Failed 0.5 -CompletionMs 60000 -ApplicationIds 'app-1' -NamedApplications 9
        $script:outline = @(Get-EmulatorApplication $script:emulator | Where-Object name -EQ 'Blog outline').id
    }

    AfterAll {
        Stop-ConnectedEmulator $script:emulator
    }

    It 'Import-Csv rows piped by value: one job per good row, an error per bad row naming what is wrong, one read of the application' {
        $csv = Join-Path $TestDrive 'rows.csv'
        @(
            [pscustomobject]@{ topic = 'Release day'; audience = 'beginners' }
            [pscustomobject]@{ topic = 'Pricing'; audience = 'Everyone' }
            [pscustomobject]@{ topic = ''; audience = 'Executives' }
            [pscustomobject]@{ topic = 'Hiring'; audience = 'Executives' }
        ) | Export-Csv -Path $csv -NoTypeInformation
        $before = @(Get-EmulatorJobId $script:emulator -ApplicationId $script:outline).Count

        $sent = Measure-EmulatorRequest $script:emulator {
            Import-Csv -Path $csv | Start-WriterJob -ApplicationId 'Blog outline' -ErrorVariable problems -ErrorAction SilentlyContinue
            $script:problems = $problems
        }
        $problems = $script:problems

        $sent.Output | Should -HaveCount 2
        $sent.Output.ApplicationId | Sort-Object -Unique | Should -Be $script:outline
        $sent.CreateJob | Should -Be 2
        $sent.ListApplications | Should -Be 1
        $sent.GetApplication | Should -Be 0
        @(Get-EmulatorJobId $script:emulator -ApplicationId $script:outline).Count | Should -Be ($before + 2)
        @($problems.FullyQualifiedErrorId) | Should -Be @(
            'WriterJobInputNotInList,WriterJobs.StartWriterJobCommand'
            'WriterJobInputMissing,WriterJobs.StartWriterJobCommand')
        @($problems.CategoryInfo.Category | Sort-Object -Unique) | Should -Be 'InvalidArgument'
        $problems[0].TargetObject.topic | Should -Be 'Pricing'
        "$($problems[0])" | Should -Be "Input 'audience' of application 'Blog outline' takes one of 'Beginners', 'Practitioners', 'Executives'; 'Everyone' is not one of them."
        "$($problems[1])" | Should -Be "Application 'Blog outline' ($($script:outline)) requires the input(s) topic, which were not given or were empty."
    }

    It 'an input the application does not have is WriterJobInputUnknown listing its inputs, and nothing is sent' {
        $sent = Measure-EmulatorRequest $script:emulator {
            Start-WriterJob -ApplicationId $script:outline -Inputs @{ topic = 'Roadmap'; colour = 'red' } -ErrorVariable problems -ErrorAction SilentlyContinue
            $script:problems = $problems
        }
        $problems = $script:problems

        $sent.CreateJob | Should -Be 0
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobInputUnknown,WriterJobs.StartWriterJobCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject['colour'] | Should -Be 'red'
        "$($problems[0])" | Should -Be "Application 'Blog outline' ($($script:outline)) has no input 'colour'; its inputs are topic (required), audience (required)."
    }

    It 'an ApplicationId column binds -ApplicationId and is not sent as an input; by UUID the application is read once' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ ApplicationId = $script:outline; topic = "Post $_"; audience = 'Beginners' } }

        $sent = Measure-EmulatorRequest $script:emulator { $rows | Start-WriterJob }

        $sent.Output | Should -HaveCount 3
        $sent.CreateJob | Should -Be 3
        $sent.GetApplication | Should -Be 1
        $sent.ListApplications | Should -Be 0
    }

    It 'an application that declares no inputs is not checked, and -WhatIf still refuses a bad row but sends nothing' {
        $sent = Measure-EmulatorRequest $script:emulator {
            Start-WriterJob -ApplicationId 'app-1' -Inputs @{ anything = 'goes' }
            Start-WriterJob -ApplicationId $script:outline -Inputs @{ topic = 'x'; audience = 'Nobody' } -WhatIf -ErrorVariable problems -ErrorAction SilentlyContinue
            $script:problems = $problems
            Start-WriterJob -ApplicationId $script:outline -Inputs @{ topic = 'x'; audience = 'Beginners' } -WhatIf
        }
        $problems = $script:problems

        $sent.Output | Should -HaveCount 1
        $sent.CreateJob | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterJobInputNotInList,WriterJobs.StartWriterJobCommand'
    }

    It 'an unknown application is WriterApplicationNotFound once per row, with the value as target' {
        $rows = 1..2 | ForEach-Object { @{ topic = "$_" } }

        $rows | Start-WriterJob -ApplicationId 'Newsletter' -ErrorVariable problems -ErrorAction SilentlyContinue

        @($problems.FullyQualifiedErrorId) | Should -Be (@('WriterApplicationNotFound,WriterJobs.StartWriterJobCommand') * 2)
        @($problems.TargetObject) | Should -Be 'Newsletter', 'Newsletter'
    }

    It 'the inputs parameter is -Inputs, so a proxy function declares $Inputs, not the automatic $Input; -Input stays an alias' {
        $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Start-WriterJob))
        $proxy = [System.Management.Automation.ProxyCommand]::Create($metadata)
        New-Item -Path Function:Start-WrappedWriterJob -Value $proxy -Force | Out-Null

        $job = Start-WrappedWriterJob -ApplicationId $script:outline -Input @{ topic = 'Wrapped'; audience = 'Beginners' }

        $proxy | Should -Match '\$\{Inputs\}'
        $proxy | Should -Not -Match '\$\{Input\}'
        $job.ApplicationId | Should -Be $script:outline
    }
}
