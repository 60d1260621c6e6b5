#requires -Version 7.2
<#
.SYNOPSIS
    The Help task of build.ps1: refreshes the platyPS markdown from the built cmdlets and compiles it to the help
    files the module ships.

.DESCRIPTION
    1. Imports Microsoft.PowerShell.PlatyPS 1.x (installed for the current user; it is not in this repository's
       package registries) and the built module from -ModulePath.
    2. Update-MarkdownCommandHelp on every command page in -DocsPath (adds new parameters and sets, keeps the
       text); a cmdlet without a page gets a new one from New-MarkdownCommandHelp, to be filled in by hand.
    3. Test-MarkdownCommandHelp on every page, then Import-MarkdownCommandHelp | Export-MamlCommandHelp.
    4. A post-step on platyPS's MAML, for what Get-Help shows badly as platyPS 1.0.3 writes it (see Repair-Maml).
    5. about_WriterJobs.help.md becomes the plain-text about_WriterJobs.help.txt (platyPS 1.x has no about
       export).
    The two files land in -OutputPath (src/WriterJobs/en-US, committed), from where every build copies them into
    the module folder. Run it in a child pwsh (build.ps1 does): importing the module locks its DLLs.

.EXAMPLE
    ./tools/Build-Help.ps1 -ModulePath ./out/WriterJobs/0.1.0 -DocsPath ./docs/en-US -OutputPath ./src/WriterJobs/en-US
#>
[CmdletBinding()]
param(
    # The module folder made by `dotnet publish src/WriterJobs`, holding WriterJobs.psd1.
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # The folder of the markdown pages (docs/en-US).
    [Parameter(Mandatory)]
    [string] $DocsPath,

    # Where the MAML and the about topic go.
    [Parameter(Mandatory)]
    [string] $OutputPath
)

# No Set-StrictMode here: platyPS 1.0.3 reads properties its own objects do not always have.
$ErrorActionPreference = 'Stop'

$moduleName = 'WriterJobs'
$namespaces = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Import-PlatyPS {
    $installed = Get-Module -ListAvailable -Name Microsoft.PowerShell.PlatyPS |
        Where-Object { $_.Version.Major -eq 1 } | Sort-Object -Property Version -Descending | Select-Object -First 1
    if (-not $installed) {
        throw 'Microsoft.PowerShell.PlatyPS 1.x is not installed. Install it (Install-PSResource Microsoft.PowerShell.PlatyPS) and run the Help task again.'
    }
    Import-Module -Name $installed.Path -Force
}

function Get-CommandPage([string] $Folder) {
    Measure-PlatyPSMarkdown -Path (Join-Path -Path $Folder -ChildPath '*.md') | Where-Object { $_.FileType -match 'CommandHelp' }
}

# Markdown paragraphs are wrapped by hand; help paragraphs must be one line each so the console wraps them at its
# own width. List items ("- ", "1. ") keep their own line; bold markers and code spans' backticks are dropped (the
# online pages keep them), as Get-Help would print them as they are.
function ConvertTo-HelpParagraph([string] $Text) {
    $lines = $Text.Trim() -split '\r?\n'
    $joined = [Text.StringBuilder]::new()
    foreach ($line in $lines) {
        $line = $line.Trim()
        if ($joined.Length -gt 0) { $null = $joined.Append($(if ($line -match '^([-*]|\d+\.) ') { "`n" } else { ' ' })) }
        $null = $joined.Append($line)
    }
    $joined.ToString().Replace('**', '') -replace '`([^`]+)`', '$1'
}

<#
.SYNOPSIS
    Mends platyPS 1.0.3's MAML where Get-Help would show it badly.
.DESCRIPTION
    - Examples: platyPS keeps an example's fenced code and its prose in the introduction, behind a U+0080
      separator, and leaves dev:code empty. The code (without fences) moves to dev:code, the prose to dev:remarks.
    - Paragraphs are unwrapped (ConvertTo-HelpParagraph).
    - Each parameter gets dev:defaultValue from the page's DefaultValue, which platyPS does not export.
    - Nullable value types are shown as the value type (TimeSpan, not System.Nullable`1[System.TimeSpan]).
    - Related links keep their text but lose relative URIs (Get-WriterJob.md), which Get-Help -Online cannot open;
      the page's HelpUri stays, as the link "Online Version" platyPS makes of it.
#>
function Repair-Maml {
    param([Parameter(Mandatory)] [xml] $Maml, [Parameter(Mandatory)] [object[]] $CommandHelp)

    $ns = [Xml.XmlNamespaceManager]::new($Maml.NameTable)
    $namespaces.GetEnumerator() | ForEach-Object { $ns.AddNamespace($_.Key, $_.Value) }

    foreach ($example in $Maml.SelectNodes('//command:example', $ns)) {
        $introduction = $example.SelectSingleNode('maml:introduction', $ns)
        $code = [Collections.Generic.List[string]]::new()
        $remarks = [Collections.Generic.List[string]]::new()
        foreach ($para in @($introduction.SelectNodes('maml:para', $ns))) {
            $text = $para.InnerText.Trim([char] 0x80).Trim()
            if ($text -match '^```') {
                $code.Add(($text -replace '^```[^\r\n]*\r?\n', '' -replace '\r?\n```$', ''))
            }
            elseif ($text) {
                $remarks.Add((ConvertTo-HelpParagraph $text))
            }
            $null = $introduction.RemoveChild($para)
        }
        $example.SelectSingleNode('dev:code', $ns).InnerText = $code -join "`n`n"
        $remarksNode = $example.SelectSingleNode('dev:remarks', $ns)
        foreach ($text in $remarks) {
            $para = $Maml.CreateElement('maml', 'para', $namespaces.maml)
            $para.InnerText = $text
            $null = $remarksNode.AppendChild($para)
        }
        # An empty last paragraph keeps a blank line between one example and the next title.
        $null = $remarksNode.AppendChild($Maml.CreateElement('maml', 'para', $namespaces.maml))
    }

    # A paragraph with blank lines in it is several paragraphs.
    foreach ($para in @($Maml.SelectNodes('//maml:para[not(ancestor::dev:code)]', $ns))) {
        $parts = @($para.InnerText -split '\r?\n\s*\r?\n' | Where-Object { $_.Trim() })
        $para.InnerText = if ($parts) { ConvertTo-HelpParagraph $parts[0] } else { '' }
        $previous = $para
        foreach ($part in $parts | Select-Object -Skip 1) {
            $next = $Maml.CreateElement('maml', 'para', $namespaces.maml)
            $next.InnerText = ConvertTo-HelpParagraph $part
            $previous = $para.ParentNode.InsertAfter($next, $previous)
        }
    }

    foreach ($command in $Maml.SelectNodes('//command:command', $ns)) {
        $name = $command.SelectSingleNode('command:details/command:name', $ns).InnerText
        $help = $CommandHelp | Where-Object Title -eq $name
        foreach ($parameter in $command.SelectNodes('command:parameters/command:parameter', $ns)) {
            $default = ($help.Parameters | Where-Object Name -eq $parameter.SelectSingleNode('maml:name', $ns).InnerText).DefaultValue
            if ($default) {
                $node = $Maml.CreateElement('dev', 'defaultValue', $namespaces.dev)
                $node.InnerText = $default
                $null = $parameter.AppendChild($node)
            }
        }
    }

    foreach ($node in $Maml.SelectNodes('//command:parameterValue | //dev:type/maml:name', $ns)) {
        $node.InnerText = $node.InnerText -replace '^System\.Nullable`1\[(.+)\]$', '$1'
    }

    foreach ($uri in $Maml.SelectNodes('//maml:navigationLink/maml:uri', $ns)) {
        if (-not [Uri]::IsWellFormedUriString($uri.InnerText, [UriKind]::Absolute)) { $uri.InnerText = '' }
    }
}

<#
.SYNOPSIS
    Turns the about topic's markdown into the plain text Get-Help prints as it is: headings in capitals at the
    margin, prose wrapped at 80 columns and indented by four, code indented by eight and never wrapped.
#>
function ConvertTo-AboutText([string] $Markdown) {
    $out = [Collections.Generic.List[string]]::new()
    $paragraph = [Collections.Generic.List[string]]::new()
    $inFence = $false

    function Add-Paragraph {
        if (-not $paragraph.Count) { return }
        $words = ((ConvertTo-HelpParagraph ($paragraph -join "`n")) -replace '`', '' -replace '\[([^\]]+)\]\([^)]*\)', '$1') -split '\n'
        foreach ($item in $words) {
            # A list item's later lines line up with its text, not its bullet.
            $continuation = if ($item -match '^([-*]|\d+\.) ') { '      ' } else { '    ' }
            $line = '    '
            foreach ($word in $item -split ' ') {
                if ($line.Length + $word.Length + 1 -gt 80 -and $line.Trim()) { $out.Add($line.TrimEnd()); $line = $continuation }
                $line += "$word "
            }
            $out.Add($line.TrimEnd())
        }
        $out.Add('')
        $paragraph.Clear()
    }

    $section = ''
    foreach ($line in $Markdown -split '\r?\n') {
        if ($line -match '^```') { Add-Paragraph; $inFence = -not $inFence; if (-not $inFence) { $out.Add('') }; continue }
        if ($inFence) { $out.Add("        $line".TrimEnd()); continue }
        # SEE ALSO is a list of names, one a line.
        if ($section -eq 'SEE ALSO' -and $line.Trim() -and $line -notmatch '^#') { $out.Add("    $($line.Trim())"); continue }
        switch -Regex ($line) {
            '^# (.+)' { $out.Add('TOPIC'); $out.Add("    $($Matches[1])"); $out.Add(''); break }
            '^## (.+)' { Add-Paragraph; $section = $Matches[1].ToUpperInvariant(); $out.Add($section); break }
            '^### (.+)' { Add-Paragraph; $out.Add("  $($Matches[1])"); break }
            '^    (.*)' { if ($paragraph.Count) { $paragraph.Add($line) } else { $out.Add("        $($Matches[1])".TrimEnd()) }; break }
            '^\s*$' { Add-Paragraph; if ($out.Count -and $out[-1]) { $out.Add('') }; break }
            default { $paragraph.Add($line) }
        }
    }
    Add-Paragraph
    ($out -join "`n").TrimEnd() + "`n"
}

Import-PlatyPS
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$DocsPath = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
# Imported from a copy without its help: platyPS merges the help Get-Help finds into the pages, and the help this
# task made last time would come back into the pages as a second copy of every description.
$bare = Join-Path -Path ([IO.Path]::GetTempPath()) -ChildPath ([guid]::NewGuid())
Copy-Item -LiteralPath $ModulePath -Destination $bare -Recurse
Remove-Item -LiteralPath (Join-Path $bare 'en-US') -Recurse -Force -ErrorAction Ignore
$module = Import-Module -Name (Join-Path -Path $bare -ChildPath "$moduleName.psd1") -Force -PassThru

# Keep the pages in step with the cmdlets; a new cmdlet gets a skeleton page.
$pages = @(Get-CommandPage -Folder $DocsPath)
foreach ($page in $pages) {
    Update-MarkdownCommandHelp -Path $page.FilePath -NoBackup
}
$documented = $pages | ForEach-Object { [IO.Path]::GetFileNameWithoutExtension($_.FilePath) }
foreach ($name in @($module.ExportedCmdlets.Keys | Where-Object { $_ -notin $documented })) {
    $null = New-MarkdownCommandHelp -CommandInfo (Get-Command -Name $name -Module $moduleName) -OutputFolder $DocsPath -Force
    Write-Warning "New page docs/en-US/$name.md: fill in its synopsis, description and examples."
}

$invalid = @(Get-CommandPage -Folder $DocsPath | Where-Object { -not (Test-MarkdownCommandHelp -Path $_.FilePath) })
if ($invalid) { throw "These pages do not follow the platyPS schema: $($invalid.FilePath -join ', ')" }
$placeholders = @(Select-String -Path (Join-Path $DocsPath '*.md') -Pattern '{{ Fill in' -SimpleMatch)
if ($placeholders) { throw "Fill in platyPS's placeholders first: $($placeholders | ForEach-Object { "$($_.Filename):$($_.LineNumber)" })" }

$commandHelp = @(Get-CommandPage -Folder $DocsPath | Import-MarkdownCommandHelp -Path { $_.FilePath })
$staging = Join-Path -Path ([IO.Path]::GetTempPath()) -ChildPath ([guid]::NewGuid())
try {
    $null = $commandHelp | Export-MamlCommandHelp -OutputFolder $staging -Force
    $exported = @(Get-ChildItem -LiteralPath $staging -Recurse -Filter '*-Help.xml')
    if ($exported.Count -ne 1) { throw "Export-MamlCommandHelp wrote $($exported.Count) help files; expected one." }

    $maml = [xml]::new()
    $maml.PreserveWhitespace = $false
    $maml.Load($exported[0].FullName)
    Repair-Maml -Maml $maml -CommandHelp $commandHelp

    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    # PowerShell looks for the help of a binary module under the assembly's name.
    $settings = [Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [Text.UTF8Encoding]::new($false); NewLineChars = "`n" }
    $writer = [Xml.XmlWriter]::Create((Join-Path $OutputPath "$moduleName.dll-Help.xml"), $settings)
    try { $maml.Save($writer) } finally { $writer.Dispose() }

    $about = ConvertTo-AboutText (Get-Content -LiteralPath (Join-Path $DocsPath "about_$moduleName.help.md") -Raw)
    [IO.File]::WriteAllText((Join-Path $OutputPath "about_$moduleName.help.txt"), $about, [Text.UTF8Encoding]::new($false))
}
finally {
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction Ignore
}
# The copy stays: its DLLs are loaded in this session until it ends.

Get-ChildItem -LiteralPath $OutputPath
