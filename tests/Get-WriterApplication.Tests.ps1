# Get-WriterApplication end to end, in real pwsh against an emulator process: the applications, piped into the job
# cmdlets, -ApplicationId by name, tab completion of application names, views. Start-WriterJob's schema check:
# Start-WriterJob.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WriterJobs.TestHelpers.psm1') -Force
    # A retried job is still in_progress when read back.
    $script:emulator = Start-NamedApplicationEmulator
    $script:applications = @(Get-EmulatorApplication $script:emulator)
    function script:Get-EmulatorApplicationId([string] $Name) { @($script:applications | Where-Object name -EQ $Name).id }
    $script:outline = Get-EmulatorApplicationId 'Blog outline'
    $script:writers = @(Get-EmulatorApplicationId 'Blog post writer')

    function script:Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll {
    Stop-ConnectedEmulator $script:emulator
}

Describe 'Get-WriterApplication' {
    It 'lists every deployed application, oldest first, as typed objects with typed inputs' {
        $sent = Measure-EmulatorRequest $script:emulator { Get-WriterApplication }

        $listed = @($sent.Output)
        $listed | Should -HaveCount 10
        @($listed.Id) | Should -Be @($script:applications.id)
        $listed[0].PSObject.TypeNames[0] | Should -Be 'WriterJobs.WriterApplication'
        $social = $listed | Where-Object Name -EQ 'Social post'
        $social.Status | Should -Be 'deployed'
        $social.Type | Should -Be 'generation'
        $social.CreatedAt | Should -BeOfType [DateTimeOffset]
        $social.Inputs[0].PSObject.TypeNames[0] | Should -Be 'WriterJobs.WriterApplicationInput'
        @($social.Inputs.Name) | Should -Be 'message', 'network', 'image'
        @($social.Inputs.Required) | Should -Be $true, $true, $false
        @($social.Inputs[1].List) | Should -Be 'LinkedIn', 'X', 'Instagram'
        $sent.ListApplications | Should -Be 1
    }

    It '-Name takes wildcards, case-insensitive, and writes each match once' {
        $found = @(Get-WriterApplication -Name 'blog*', '*OUTLINE')

        $found | Should -HaveCount 3
        @($found.Id | Sort-Object) | Should -Be @(@($script:writers) + $script:outline | Sort-Object)
    }

    It 'a -Name without wildcards that matches nothing is WriterApplicationNotFound; a pattern that matches nothing is no error' {
        $found = @(Get-WriterApplication -Name 'Payroll', 'Pay*', 'Social post' -ErrorVariable problems -ErrorAction SilentlyContinue)

        @($found.Name) | Should -Be 'Social post'
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterApplicationNotFound,WriterJobs.GetWriterApplicationCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 'Payroll'
    }

    It '-Id takes IDs by value and by property name; an unknown one is an error of its own' {
        $byValue = @($script:outline, 'app-404' | Get-WriterApplication -ErrorVariable problems -ErrorAction SilentlyContinue)
        $byProperty = [pscustomobject]@{ ApplicationId = $script:outline } | Get-WriterApplication

        $byValue.Name | Should -Be 'Blog outline'
        $byProperty.Name | Should -Be 'Blog outline'
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterApplicationNotFound,WriterJobs.GetWriterApplicationCommand'
        $problems[0].TargetObject | Should -Be 'app-404'
        "$($problems[0])" | Should -Be "Application 'app-404' was not found (404)."
    }

    Context 'Default views' {
        BeforeAll {
            $script:rendering = $PSStyle.OutputRendering
            $PSStyle.OutputRendering = 'PlainText'
        }

        AfterAll {
            $PSStyle.OutputRendering = $script:rendering
        }

        It 'the application table at 80 columns keeps the name, the whole ID and every input, required ones marked' {
            $shown = Get-WriterApplication -Name 'Email campaign' | Out-String -Width 80

            $shown | Should -Match 'Name\s+Id\s+Inputs'
            $shown | Should -Match "Email campaign\s+$($script:applications[-2].id)\s+product_name\*"
            $shown | Should -Match '(?m)^\s+audience\*$'
            $shown | Should -Match '(?m)^\s+call_to_action$'
            ($shown -split '\r?\n' | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        }

        It 'the inputs table tells what each input takes, by its type' {
            $shown = (Get-WriterApplication -Name 'Social post').Inputs | Out-String -Width 80

            $shown | Should -Match 'Name\s+InputType\s+Required\s+Takes'
            $shown | Should -Match 'network\s+dropdown\s+True\s+one of: LinkedIn, X, Instagram'
            $shown | Should -Match 'image\s+media\s+False\s+png, jpg'
        }
    }
}

Describe 'Applications into the job cmdlets' {
    It 'the workspace sweep: Get-WriterApplication -Name Blog* | Get-WriterJob -Status failed | Invoke-WriterJobRetry lists each application once and reads no job twice' {
        $blogs = @($script:writers) + $script:outline
        $failed = @($blogs | ForEach-Object { Get-EmulatorJobId $script:emulator -ApplicationId $_ -Status failed })
        $failed.Count | Should -BeGreaterThan 0

        $sent = Measure-EmulatorRequest $script:emulator { Get-WriterApplication -Name 'Blog*' | Get-WriterJob -Status failed | Invoke-WriterJobRetry }

        @($sent.Output.Id | Sort-Object) | Should -Be @($failed | Sort-Object)
        $sent.Output.Action | Sort-Object -Unique | Should -Be 'Retried'
        $sent.ListApplications | Should -Be 1
        # One page per application (each has fewer than 100 jobs), the jobs trusted as listed, one retry per failed job.
        $sent.ListJobs | Should -Be 3
        $sent.GetJob | Should -Be 0
        $sent.RetryJob | Should -Be $failed.Count
        foreach ($id in $failed) { (Get-EmulatorJob $script:emulator $id).status | Should -Be 'in_progress' }
    }

    It 'a piped application binds -Application, not -Id by its Id property, and one piped twice is listed once' {
        $app = Get-WriterApplication -Name 'Support reply'
        $expected = @(Get-EmulatorJobId $script:emulator -ApplicationId $app.Id)

        $sent = Measure-EmulatorRequest $script:emulator { $app, $app | Get-WriterJob }

        @($sent.Output.Id) | Should -Be $expected
        $sent.ListJobs | Should -Be 1
        $sent.GetJob | Should -Be 0
    }

    It 'jobs and rows with a JobId column still bind -Id by property name' {
        $jobs = @(Get-WriterJob -ApplicationId 'app-1' -First 3)

        $sent = Measure-EmulatorRequest $script:emulator {
            $jobs | Get-WriterJob
            $jobs | Select-Object @{ Name = 'JobId'; Expression = { $_.Id } } | Get-WriterJob
        }

        @($sent.Output.Id) | Should -Be @($jobs.Id + $jobs.Id)
        $sent.GetJob | Should -Be 6
        $sent.ListJobs | Should -Be 0
    }

    It '-ApplicationId takes a name, case-insensitive, looked up with one read of the list' {
        $sent = Measure-EmulatorRequest $script:emulator { Get-WriterJob -ApplicationId 'blog OUTLINE' }

        @($sent.Output.Id) | Should -Be @(Get-EmulatorJobId $script:emulator -ApplicationId $script:outline)
        $sent.ListApplications | Should -Be 1
    }

    It 'a UUID is taken as an ID without a lookup, and an application object stands for its ID' {
        $app = Get-WriterApplication -Id $script:outline

        $sent = Measure-EmulatorRequest $script:emulator {
            Get-WriterJob -ApplicationId $script:outline -First 1
            Get-WriterJob -ApplicationId $app -First 1
        }

        @($sent.Output.ApplicationId) | Should -Be $script:outline, $script:outline
        $sent.ListApplications | Should -Be 0
    }

    It 'a name two applications share is WriterApplicationAmbiguous naming both IDs' {
        $sent = Measure-EmulatorRequest $script:emulator {
            Get-WriterJob -ApplicationId 'Blog post writer' -ErrorVariable problems -ErrorAction SilentlyContinue
            $script:problems = $problems
        }
        $problems = $script:problems

        $sent.Output | Should -BeNullOrEmpty
        $sent.ListJobs | Should -Be 0
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'WriterApplicationAmbiguous,WriterJobs.GetWriterJobCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be 'Blog post writer'
        foreach ($id in $script:writers) { "$($problems[0])" | Should -Match $id }
        $problems[0].ErrorDetails.RecommendedAction | Should -BeLike 'Give -ApplicationId one of their IDs*'
    }

    It 'an unknown name is WriterApplicationNotFound naming the similar applications; an unknown ID, the API''s 404' {
        $unknownId = [guid]::NewGuid().ToString()

        Get-WriterJob -ApplicationId 'Blog' -ErrorVariable byName -ErrorAction SilentlyContinue
        Get-WriterJob -ApplicationId $unknownId -Status failed -ErrorVariable byId -ErrorAction SilentlyContinue

        $byName[0].FullyQualifiedErrorId | Should -Be 'WriterApplicationNotFound,WriterJobs.GetWriterJobCommand'
        $byName[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $byName[0].TargetObject | Should -Be 'Blog'
        "$($byName[0])" | Should -Be "No application has the ID or name 'Blog'. Similar names: 'Blog post writer', 'Blog outline'."
        $byId[0].FullyQualifiedErrorId | Should -Be 'WriterApplicationNotFound,WriterJobs.GetWriterJobCommand'
        $byId[0].TargetObject | Should -Be $unknownId
        "$($byId[0])" | Should -BeLike "Application '$unknownId' was not found (404).*"
    }
}

Describe 'Tab completion of application names' {
    It '-ApplicationId offers the names from the API, a shared name as each ID, read once for both commands' {
        $sent = Measure-EmulatorRequest $script:emulator {
            Disconnect-Writer
            Connect-WriterEmulator $script:emulator
            Get-Completion 'Get-WriterJob -ApplicationId Blo'
            Get-Completion "Start-WriterJob -ApplicationId 'blog o"
        }

        $completions = @($sent.Output)
        @($completions.CompletionText) | Should -Be (@("'Blog outline'") + $script:writers + "'Blog outline'")
        $completions[1].ListItemText | Should -Be "Blog post writer ($($script:writers[0]))"
        $completions[0].ToolTip | Should -BeLike "Blog outline ($($script:outline)), deployed; inputs: topic*, audience*"
        $sent.ListApplications | Should -Be 1
    }

    It 'Get-WriterApplication -Name offers each name once' {
        @((Get-Completion 'Get-WriterApplication -Name Bl').CompletionText) | Should -Be "'Blog outline'", "'Blog post writer'"
        @((Get-Completion 'Get-WriterApplication s*r').CompletionText) | Should -Be "'Support reply'"
    }

    It 'a stalled API holds the prompt no longer than one short request, and completion offers nothing, with no error' {
        $stalled = Start-WriterEmulator -ApplicationIds 'app-9' -ExtraArgument '--fault-rate', '1', '--faults', 'Stall'
        try {
            Connect-WriterEmulator $stalled
            $Error.Clear()

            $took = Measure-Command { $script:offered = @(Get-Completion 'Get-WriterJob -ApplicationId app-') }

            $script:offered.CompletionText | Should -Not -Contain 'app-9'
            $took.TotalSeconds | Should -BeLessThan 6
            $Error | Should -BeNullOrEmpty
        }
        finally {
            Stop-WriterEmulator $stalled
            Connect-WriterEmulator $script:emulator
        }
    }
}
