#requires -Version 7.2
<#
.SYNOPSIS
    The Help task of build.ps1: refreshes the platyPS markdown from the built cmdlets and compiles it to MAML.

.DESCRIPTION
    1. Makes sure Microsoft.PowerShell.PlatyPS 1.x is available, installing it for the current user from the
       PowerShell Gallery when it is missing.
    2. Imports the built module from -ModulePath, so that the help is compared with the real cmdlets.
    3. Update-MarkdownCommandHelp on every command page in -DocsPath (adds new parameters and sets, keeps the
       text); a cmdlet without a page gets a new one from New-MarkdownCommandHelp, to be filled in by hand.
    4. Test-MarkdownCommandHelp on every page, then
       Measure-PlatyPSMarkdown | Import-MarkdownCommandHelp | Export-MamlCommandHelp, and places the result as
       WriterJobs.dll-Help.xml in -OutputPath, beside about_WriterJobs.help.txt.

    Run it in a child pwsh (build.ps1 does): importing the module locks its DLLs for the rest of the session.

.EXAMPLE
    ./tools/Build-Help.ps1 -ModulePath ./out/WriterJobs/0.1.0 -DocsPath ./docs/en-US
#>
[CmdletBinding()]
param(
    # The module folder made by `dotnet publish src/WriterJobs`, holding WriterJobs.psd1.
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # The folder of the markdown pages (docs/en-US).
    [Parameter(Mandatory)]
    [string] $DocsPath,

    # Where the MAML and the about topic go; by default the module folder's en-US.
    [string] $OutputPath = (Join-Path -Path $ModulePath -ChildPath 'en-US')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$platyName = 'Microsoft.PowerShell.PlatyPS'
$moduleName = 'WriterJobs'

function Import-PlatyPS {
    $installed = Get-Module -ListAvailable -Name $platyName |
        Where-Object { $_.Version.Major -eq 1 } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if (-not $installed) {
        Write-Host "Installing $platyName 1.x for the current user from the PowerShell Gallery."
        if (Get-Command -Name Install-PSResource -ErrorAction Ignore) {
            Install-PSResource -Name $platyName -Version '[1.0.0, 2.0.0)' -Scope CurrentUser -TrustRepository -Quiet
        }
        else {
            Install-Module -Name $platyName -MinimumVersion 1.0.0 -MaximumVersion 1.999.999 -Scope CurrentUser -Force
        }

        $installed = Get-Module -ListAvailable -Name $platyName | Where-Object { $_.Version.Major -eq 1 } |
            Sort-Object -Property Version -Descending | Select-Object -First 1
    }

    Import-Module -Name $installed.Path -Force
}

function Get-CommandPage([string] $Folder) {
    Measure-PlatyPSMarkdown -Path (Join-Path -Path $Folder -ChildPath '*.md') |
        Where-Object { $_.FileType -match 'CommandHelp' }
}

Import-PlatyPS
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$DocsPath = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
$module = Import-Module -Name (Join-Path -Path $ModulePath -ChildPath "$moduleName.psd1") -Force -PassThru

# Keep the pages in step with the cmdlets; a new cmdlet gets a skeleton page.
$pages = @(Get-CommandPage -Folder $DocsPath)
foreach ($page in $pages) {
    Update-MarkdownCommandHelp -Path $page.FilePath -NoBackup
}

$documented = $pages | ForEach-Object { [IO.Path]::GetFileNameWithoutExtension($_.FilePath) }
$missing = @($module.ExportedCmdlets.Keys | Where-Object { $_ -notin $documented })
if ($missing) {
    $scratch = Join-Path -Path ([IO.Path]::GetTempPath()) -ChildPath ([guid]::NewGuid())
    try {
        foreach ($name in $missing) {
            $new = New-MarkdownCommandHelp -CommandInfo (Get-Command -Name $name -Module $moduleName) -OutputFolder $scratch -Force
            Move-Item -LiteralPath $new.FullName -Destination (Join-Path -Path $DocsPath -ChildPath "$name.md")
            Write-Warning "New page docs/en-US/$name.md: fill in its synopsis, description and examples."
        }
    }
    finally {
        Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction Ignore
    }
}

# Every command page must pass platyPS's own structure check before it is compiled.
$invalid = @(Get-CommandPage -Folder $DocsPath | Where-Object { -not (Test-MarkdownCommandHelp -Path $_.FilePath) })
if ($invalid) {
    throw "These pages do not follow the platyPS schema: $($invalid.FilePath -join ', ')"
}

# Compile the markdown to MAML. Export-MamlCommandHelp names the file after the module; PowerShell looks for
# the file named after the assembly of a binary module, so it is placed as WriterJobs.dll-Help.xml.
$staging = Join-Path -Path ([IO.Path]::GetTempPath()) -ChildPath ([guid]::NewGuid())
try {
    Get-CommandPage -Folder $DocsPath |
        Import-MarkdownCommandHelp -Path { $_.FilePath } |
        Export-MamlCommandHelp -OutputFolder $staging -Force |
        Out-Null
    $maml = @(Get-ChildItem -LiteralPath $staging -Recurse -Filter '*-Help.xml')
    if ($maml.Count -ne 1) {
        throw "Export-MamlCommandHelp wrote $($maml.Count) help files to $staging; expected one."
    }

    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    Copy-Item -LiteralPath $maml[0].FullName -Destination (Join-Path -Path $OutputPath -ChildPath "$moduleName.dll-Help.xml") -Force
    Copy-Item -LiteralPath (Join-Path -Path $DocsPath -ChildPath "about_$moduleName.help.md") `
        -Destination (Join-Path -Path $OutputPath -ChildPath "about_$moduleName.help.txt") -Force
}
finally {
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction Ignore
}

Get-ChildItem -LiteralPath $OutputPath
