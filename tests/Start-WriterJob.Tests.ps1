# Start-WriterJob, in real pwsh against an emulator process: inputs from objects, numbers and CSV rows, values it
# refuses, -WhatIf. Jobs started and waited for: Wait-WriterJob.Tests.ps1.
# Inputs checked against the application's schema: the last Context below.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Start-WriterJob' {
    BeforeAll {
        $script:emulator = Start-NamedApplicationEmulator
        $script:outline = @(Get-EmulatorApplication $script:emulator | Where-Object name -EQ 'Blog outline').id
    }

    AfterAll { Stop-ConnectedEmulator $script:emulator }

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

        It 'refuses an input that is neither a string nor a number, naming it and its type' {
            $job = Start-WriterJob -ApplicationId 'app-1' -Input @{ count = @{ value = 42 } } -ErrorVariable refused -ErrorAction SilentlyContinue

            $job | Should -BeNullOrEmpty
            $refused | Should -HaveCount 1
            $refused[0].FullyQualifiedErrorId | Should -Be 'WriterInvalidArgument,WriterJobs.StartWriterJobCommand'
            $refused[0].Exception.Message | Should -Match "Input 'count' is a value of type Hashtable"
        }

        It 'refuses empty -Inputs, and the advice names -Inputs where the engine names no parameter' {
            $job = Start-WriterJob -ApplicationId 'app-1' -Inputs @{} -ErrorVariable refused -ErrorAction SilentlyContinue

            $job | Should -BeNullOrEmpty
            $refused[0].FullyQualifiedErrorId | Should -Be 'WriterInvalidArgument,WriterJobs.StartWriterJobCommand'
            $refused[0].Exception.Message | Should -Not -Match '-Input'
            $refused[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Inputs @{*'
            "$($refused[0])" | Should -BeLike '*needs at least one. Give at least one input, e.g. -Inputs @{*'
        }
    }

    Context '-WhatIf' {
        It 'creates no job' {
            $before = @(Get-EmulatorJobId $script:emulator -ApplicationId 'app-1').Count
            $sent = Measure-EmulatorRequest $script:emulator { Start-WriterJob -ApplicationId 'app-1' -Inputs @{ product = 'Lamp' } -WhatIf }

            $sent.Output | Should -BeNullOrEmpty
            $sent.CreateJob | Should -Be 0
            @(Get-EmulatorJobId $script:emulator -ApplicationId 'app-1') | Should -HaveCount $before
        }
    }

    Context 'Each job''s inputs checked against its application before sending' {
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
}
