#requires -Version 7.2
<#
.SYNOPSIS
    The Help task of build.ps1: refreshes the platyPS pages from the built cmdlets and compiles the module's help.
.DESCRIPTION
    Update-MarkdownCommandHelp brings the pages of -DocsPath in step with the cmdlets (a new cmdlet gets a skeleton),
    Test-MarkdownCommandHelp checks them, Export-MamlCommandHelp compiles them into WriterJobs.dll-Help.xml, and
    about_WriterJobs.help.md becomes about_WriterJobs.help.txt, both in -OutputPath (src/WriterJobs/en-US, committed).
    Three repairs cover what platyPS 1.0.3 lacks, only up to that version. Run it in a child pwsh (build.ps1 does).
.EXAMPLE
    ./tools/Build-Help.ps1 -ModulePath ./out/WriterJobs/0.1.0 -DocsPath ./docs/en-US -OutputPath ./src/WriterJobs/en-US
#>
[CmdletBinding()]
param(
    # The module folder made by `dotnet publish src/WriterJobs`, holding WriterJobs.psd1.
    [Parameter(Mandatory)] [string] $ModulePath,
    # The folder of the markdown pages (docs/en-US).
    [Parameter(Mandatory)] [string] $DocsPath,
    # Where the MAML and the about topic go.
    [Parameter(Mandatory)] [string] $OutputPath
)

# No Set-StrictMode here: platyPS 1.0.3 reads properties its own objects do not always have.
$ErrorActionPreference = 'Stop'
$moduleName = 'WriterJobs'
# The platyPS release the repairs below were made for; a later one may have fixed what they repair.
$repairedVersion = [version] '1.0.3'
$platyPS = Get-Module -ListAvailable -Name Microsoft.PowerShell.PlatyPS | Where-Object { $_.Version.Major -eq 1 } | Sort-Object Version | Select-Object -Last 1
if (-not $platyPS) { throw 'Microsoft.PowerShell.PlatyPS 1.x is not installed. Install it (Install-PSResource Microsoft.PowerShell.PlatyPS) and run the Help task again.' }
Import-Module -Name $platyPS.Path -Force
$repair = $platyPS.Version -le $repairedVersion
if (-not $repair) { Write-Warning "platyPS $($platyPS.Version) is newer than ${repairedVersion}: its repairs are skipped. If Help.Tests.ps1 fails, check the issues they name." }
function Get-CommandPage { Measure-PlatyPSMarkdown -Path (Join-Path $DocsPath '*.md') | Where-Object FileType -Match 'CommandHelp' }

<#
.SYNOPSIS
    The two repairs of platyPS 1.0.3's MAML.
    - An example's fenced code and its prose are left in maml:introduction behind U+0080 paragraphs, and dev:code stays
      empty (https://github.com/PowerShell/platyPS/issues/799, closed "by design"): the code, without its fences, moves
      to dev:code and the prose to dev:remarks, as Get-Help shows them.
    - A parameter's DefaultValue is not exported (https://github.com/PowerShell/platyPS/issues/801): each parameter
      gets dev:defaultValue from its page.
#>
function Repair-Maml([xml] $Maml, [object[]] $CommandHelp) {
    $ns = [Xml.XmlNamespaceManager]::new($Maml.NameTable)
    $uri = 'http://schemas.microsoft.com/maml'
    @{ maml = "$uri/2004/10"; command = "$uri/dev/command/2004/10"; dev = "$uri/dev/2004/10" }.GetEnumerator() | ForEach-Object { $ns.AddNamespace($_.Key, $_.Value) }
    foreach ($example in $Maml.SelectNodes('//command:example', $ns)) {
        $introduction, $remarks = $example.SelectSingleNode('maml:introduction', $ns), $example.SelectSingleNode('dev:remarks', $ns)
        $code = [Collections.Generic.List[string]]::new()
        foreach ($para in @($introduction.SelectNodes('maml:para', $ns))) {
            $text = $para.InnerText.Trim([char] 0x80).Trim()
            $null = $introduction.RemoveChild($para)
            if ($text -match '^```') { $code.Add(($text -replace '^```[^\r\n]*\r?\n', '' -replace '\r?\n```$', '')) }
            elseif ($text) { $para.InnerText = $text; $null = $remarks.AppendChild($para) }
        }
        $example.SelectSingleNode('dev:code', $ns).InnerText = $code -join "`n`n"
        # An empty last paragraph keeps a blank line between one example and the next title.
        $null = $remarks.AppendChild($Maml.CreateElement('maml', 'para', $ns.LookupNamespace('maml')))
    }
    foreach ($command in $Maml.SelectNodes('//command:command', $ns)) {
        $help = $CommandHelp | Where-Object Title -EQ $command.SelectSingleNode('command:details/command:name', $ns).InnerText
        foreach ($parameter in $command.SelectNodes('command:parameters/command:parameter', $ns)) {
            $default = ($help.Parameters | Where-Object Name -EQ $parameter.SelectSingleNode('maml:name', $ns).InnerText).DefaultValue
            if (-not $default) { continue }
            $node = $parameter.AppendChild($Maml.CreateElement('dev', 'defaultValue', $ns.LookupNamespace('dev')))
            $node.InnerText = $default
        }
    }
}

<#
.SYNOPSIS
    The about topic: platyPS 1.x has no export for about_*.md (https://github.com/PowerShell/platyPS/issues/709).
    The plain text Get-Help prints as it is: headings in capitals at the margin, prose wrapped at 80 columns and
    indented by four (markdown marks dropped), code indented by eight and never wrapped, SEE ALSO one name a line.
#>
function ConvertTo-AboutText([string] $Markdown) {
    $out, $paragraph = [Collections.Generic.List[string]]::new(), [Collections.Generic.List[string]]::new()
    $flush = {
        if (-not $paragraph.Count) { return }
        # A list item starts a line of its own; its later lines line up with its text, not its bullet.
        $items = ($paragraph -join "`n") -replace '\n(?!([-*]|\d+\.) )', ' ' -replace '\*\*|`', '' -replace '\[([^\]]+)\]\([^)]*\)', '$1'
        foreach ($item in $items -split '\n') {
            $continuation = if ($item -match '^([-*]|\d+\.) ') { '      ' } else { '    ' }
            $line = '    '
            foreach ($word in $item -split ' ') {
                if ($line.Length + $word.Length + 1 -gt 80 -and $line.Trim()) { $out.Add($line.TrimEnd()); $line = $continuation }
                $line += "$word "
            }
            $out.Add($line.TrimEnd())
        }
        $out.Add(''); $paragraph.Clear()
    }
    $section, $inFence = '', $false
    foreach ($line in $Markdown -split '\r?\n') {
        if ($line -match '^```') { & $flush; $inFence = -not $inFence; if (-not $inFence) { $out.Add('') }; continue }
        if ($inFence) { $out.Add("        $line".TrimEnd()); continue }
        if ($section -eq 'SEE ALSO' -and $line.Trim() -and $line -notmatch '^#') { $out.Add("    $($line.Trim())"); continue }
        switch -Regex ($line) {
            '^# (.+)' { $out.Add('TOPIC'); $out.Add("    $($Matches[1])"); $out.Add(''); break }
            '^## (.+)' { & $flush; $section = $Matches[1].ToUpperInvariant(); $out.Add($section); break }
            '^### (.+)' { & $flush; $out.Add("  $($Matches[1])"); break }
            '^    (.*)' { if ($paragraph.Count) { $paragraph.Add($line.Trim()) } else { $out.Add("        $($Matches[1])".TrimEnd()) }; break }
            '^\s*$' { & $flush; if ($out.Count -and $out[-1]) { $out.Add('') }; break }
            default { $paragraph.Add($line.Trim()) }
        }
    }
    & $flush
    ($out -join "`n").TrimEnd() + "`n"
}

# Imported from a copy without its help: platyPS merges the help Get-Help finds into the pages, and the help this
# task made last time would come back as a second copy of every description. The copy stays: its DLLs stay loaded.
$bare = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid())
Copy-Item -LiteralPath (Resolve-Path -LiteralPath $ModulePath).ProviderPath -Destination $bare -Recurse
Remove-Item -LiteralPath (Join-Path $bare 'en-US') -Recurse -Force -ErrorAction Ignore
$module = Import-Module -Name (Join-Path $bare "$moduleName.psd1") -Force -PassThru

$pages = @(Get-CommandPage)
$pages | ForEach-Object { Update-MarkdownCommandHelp -Path $_.FilePath -NoBackup }
foreach ($name in @($module.ExportedCmdlets.Keys | Where-Object { $_ -notin $pages.FilePath.ForEach({ [IO.Path]::GetFileNameWithoutExtension($_) }) })) {
    $null = New-MarkdownCommandHelp -CommandInfo (Get-Command -Name $name -Module $moduleName) -OutputFolder $DocsPath -Force
    Write-Warning "New page docs/en-US/$name.md: fill in its synopsis, description and examples."
}
$invalid = @(Get-CommandPage | Where-Object { -not (Test-MarkdownCommandHelp -Path $_.FilePath) })
if ($invalid) { throw "These pages do not follow the platyPS schema: $($invalid.FilePath -join ', ')" }
$placeholders = @(Select-String -Path (Join-Path $DocsPath '*.md') -Pattern '{{ Fill in' -SimpleMatch)
if ($placeholders) { throw "Fill in platyPS's placeholders first: $($placeholders | ForEach-Object { "$($_.Filename):$($_.LineNumber)" })" }
$commandHelp = @(Get-CommandPage | Import-MarkdownCommandHelp -Path { $_.FilePath })
$staging = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid())
try {
    $null = $commandHelp | Export-MamlCommandHelp -OutputFolder $staging -Force
    $exported = @(Get-ChildItem -LiteralPath $staging -Recurse -Filter '*-Help.xml')
    if ($exported.Count -ne 1) { throw "Export-MamlCommandHelp wrote $($exported.Count) help files; expected one." }
    $maml = [xml] (Get-Content -LiteralPath $exported[0].FullName -Raw)
    if ($repair) { Repair-Maml -Maml $maml -CommandHelp $commandHelp }
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    # PowerShell looks for the help of a binary module under the assembly's name.
    $writer = [Xml.XmlWriter]::Create((Join-Path $OutputPath "$moduleName.dll-Help.xml"), [Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [Text.UTF8Encoding]::new($false); NewLineChars = "`n" })
    try { $maml.Save($writer) } finally { $writer.Dispose() }
    if ($repair) {
        $about = ConvertTo-AboutText (Get-Content -LiteralPath (Join-Path $DocsPath "about_$moduleName.help.md") -Raw)
        [IO.File]::WriteAllText((Join-Path $OutputPath "about_$moduleName.help.txt"), $about, [Text.UTF8Encoding]::new($false))
    }
}
finally {
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction Ignore
}
