@{
    # The build stamps ModuleVersion from Directory.Build.props, the one place the version lives.
    RootModule             = 'WriterJobs.dll'
    ModuleVersion          = '0.0.0'
    GUID                   = '5b0f6a7e-2c8d-4f4e-9a51-0d3f6f1c7a42'
    Author                 = 'WriterJobs contributors'
    CompanyName            = 'WriterJobs contributors'
    Copyright              = '(c) WriterJobs contributors. MIT License.'
    Description            = 'Manage Writer API async application jobs from PowerShell: read, list, create, retry and wait for jobs, with safe retries, a shared rate limit and concurrent pipelines.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('WriterJobs.format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Connect-Writer'
        'Disconnect-Writer'
        'Get-WriterApplication'
        'Get-WriterConnection'
        'Get-WriterJob'
        'Get-WriterJobRetryBudget'
        'Invoke-WriterJobRetry'
        'Invoke-WriterJobSweep'
        'Reset-WriterJobRetryBudget'
        'Start-WriterJob'
        'Wait-WriterJob'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    # Where Update-Help looks for newer help; the help itself ships in the module (en-US), and each cmdlet's HelpUri
    # (Get-Help -Online) is its page in docs/en-US.
    HelpInfoUri            = 'https://raw.githubusercontent.com/writerjobs/WriterJobs/main/docs/en-US/'
    PrivateData            = @{
        PSData = @{
            Tags         = @('Writer', 'WriterAI', 'AsyncJobs', 'API', 'Automation', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/writerjobs/WriterJobs'
            LicenseUri   = 'https://github.com/writerjobs/WriterJobs/blob/main/LICENSE'
            ReleaseNotes = 'First release: Get-WriterApplication (the workspace''s applications and their inputs), Get-WriterJob (by ID, or an application''s jobs with paging, by application ID, name or piped application), Invoke-WriterJobRetry (retry once, -Wait), Start-WriterJob, Wait-WriterJob, Connect-Writer, Disconnect-Writer, Get-WriterConnection. Safe retries, a shared rate limit, dependency isolation.'
        }
    }
}
