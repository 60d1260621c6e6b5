# The PSScriptAnalyzer rule of this repository, which build.ps1 -Task Analyze (tools/Invoke-ScriptAnalysis.ps1) adds
# to PSScriptAnalyzer's own, for what Windows PowerShell 5.1 lacks. Its findings come under two names:
# - WriterJobsWindowsPowerShellSyntax, kept for every script and help example: the syntax that 5.1 cannot parse, or
#   parses into something else, and that PSUseCompatibleSyntax (PSScriptAnalyzer 1.25) does not look for (it covers
#   ?., ??, ??=, ? :, && and ||).
# - WriterJobsWindowsPowerShellCommand, kept for the shipped scripts and the help examples only (5.1 runs them): a
#   short list of the commands, parameters, values, variables and types that PowerShell 6 and 7 added and scripts
#   reach for, not a full compatibility profile (PSUseCompatibleCmdlets needs profiles). A script that starts with
#   #Requires -Version 6 or later says it needs PowerShell 7, and is not checked for them.
# tests/AnalyzerRules.Tests.ps1 calls the rule directly.

$script:Commands = @(
    'Join-String', 'Get-Error', 'Test-Json', 'ConvertFrom-Markdown', 'Show-Markdown', 'Get-MarkdownOption',
    'Set-MarkdownOption', 'Get-Uptime', 'Remove-Alias', 'Remove-Service', 'Get-PSSubsystem', 'Get-SecureRandom',
    'ConvertTo-CliXml', 'ConvertFrom-CliXml', 'Start-ThreadJob', 'Get-ExperimentalFeature', 'Enable-ExperimentalFeature',
    'Disable-ExperimentalFeature'
)
$webParameters = @(
    'SkipCertificateCheck', 'SkipHeaderValidation', 'SkipHttpErrorCheck', 'Authentication', 'Token',
    'AllowUnencryptedAuthentication', 'SslProtocol', 'NoProxy', 'CustomMethod', 'Form', 'FollowRelLink',
    'MaximumFollowRelLink', 'ResponseHeadersVariable', 'StatusCodeVariable', 'MaximumRetryCount', 'RetryIntervalSec',
    'Resume', 'PreserveAuthorizationOnRedirect', 'HttpVersion', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds',
    'AllowInsecureRedirect', 'PreserveHttpMethodOnRedirect', 'UnixSocket'
)
$script:Parameters = @{
    'ForEach-Object'    = 'Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace'
    'ConvertFrom-Json'  = 'AsHashtable', 'Depth', 'NoEnumerate', 'DateKind'
    'ConvertTo-Json'    = 'AsArray', 'EnumsAsStrings', 'EscapeHandling'
    'Invoke-RestMethod' = $webParameters
    'Invoke-WebRequest' = $webParameters
    'Get-Content'       = 'AsByteStream'
    'Set-Content'       = 'AsByteStream'
    'Add-Content'       = 'AsByteStream'
    'Split-Path'        = 'LeafBase', 'Extension'
    'Join-Path'         = 'AdditionalChildPath', 'Extension'
    'Sort-Object'       = 'Top', 'Bottom', 'Stable'
    'Get-Date'          = 'AsUTC', 'UnixTimeSeconds'
    'Select-String'     = 'Raw', 'NoEmphasis'
    'Start-Process'     = 'Environment'
    'Start-Job'         = 'WorkingDirectory'
    'Where-Object'      = 'Not'
    'Measure-Object'    = 'AllStats', 'StandardDeviation'
    'Get-Random'        = 'Shuffle'
    'Test-Connection'   = 'TargetName', 'Ping', 'TcpPort', 'Traceroute', 'MtuSize', 'Repeat', 'IPv4', 'IPv6', 'ResolveDestination'
    'Export-Csv'        = 'UseQuotes', 'QuoteFields', 'IncludeTypeInformation'
    'ConvertTo-Csv'     = 'UseQuotes', 'QuoteFields', 'IncludeTypeInformation'
}
# Encodings that 5.1's -Encoding does not take.
$script:Encodings = 'utf8NoBOM', 'utf8BOM', 'ansi'
$script:Variables = 'IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'PSStyle', 'PSNativeCommandArgumentPassing',
'PSNativeCommandUseErrorActionPreference', 'EnabledExperimentalFeatures'
$script:Types = 'semver', 'ArgumentCompletions', 'ArgumentCompletionsAttribute', 'ValidateNotNullOrWhiteSpace',
'ValidateNotNullOrWhiteSpaceAttribute'
# Windows PowerShell's aliases of the commands above, some of which PowerShell 7 has only on Windows.
$script:Aliases = @{
    '%' = 'ForEach-Object'; 'foreach' = 'ForEach-Object'; '?' = 'Where-Object'; 'where' = 'Where-Object'
    'sort' = 'Sort-Object'; 'measure' = 'Measure-Object'; 'sls' = 'Select-String'; 'irm' = 'Invoke-RestMethod'
    'iwr' = 'Invoke-WebRequest'; 'curl' = 'Invoke-WebRequest'; 'wget' = 'Invoke-WebRequest'; 'gc' = 'Get-Content'
    'cat' = 'Get-Content'; 'type' = 'Get-Content'; 'sc' = 'Set-Content'; 'ac' = 'Add-Content'; 'epcsv' = 'Export-Csv'
    'start' = 'Start-Process'; 'saps' = 'Start-Process'; 'sajb' = 'Start-Job'
}

function ConvertTo-Diagnostic($Ast, [string] $RuleName, [string] $Message) {
    [pscustomobject]@{ Message = $Message; Extent = $Ast.Extent; RuleName = $RuleName; Severity = 'Error' }
}

function ConvertTo-SyntaxDiagnostic($Ast, [string] $Syntax, [string] $Version, [string] $Instead) {
    ConvertTo-Diagnostic $Ast 'WriterJobsWindowsPowerShellSyntax' "$Syntax is PowerShell $Version syntax: Windows PowerShell 5.1 $Instead."
}

function ConvertTo-CommandDiagnostic($Ast, [string] $Message) {
    ConvertTo-Diagnostic $Ast 'WriterJobsWindowsPowerShellCommand' "$Message."
}

# The text between two elements of a pipeline holds its | ; a line break before the | that no backtick escapes is
# a pipe at the start of a line.
function Test-LeadingPipe([string] $Script, $Pipeline) {
    $elements = $Pipeline.PipelineElements
    for ($i = 1; $i -lt $elements.Count; $i++) {
        $gap = $Script.Substring($elements[$i - 1].Extent.EndOffset, $elements[$i].Extent.StartOffset - $elements[$i - 1].Extent.EndOffset)
        $beforePipe = $gap.Substring(0, [Math]::Max(0, $gap.IndexOf('|')))
        if ($beforePipe -match '\n' -and $beforePipe -notmatch '`\r?\n[ \t]*$') { return $true }
    }
    $false
}

# What of one node of the tree is syntax 5.1 lacks and PSUseCompatibleSyntax does not report: a clean block, a pipe at
# the start of a line, the background operator &, a generic method call, a null-conditional index, a `u{} escape, a
# numeric suffix (y, uy, s, us, u, ul, n) or binary literal, -replace with a script block.
function Get-SyntaxDiagnostic($Node, [string] $Script) {
    if ($Node -is [System.Management.Automation.Language.ScriptBlockAst]) {
        if ($Node.PSObject.Properties['CleanBlock'] -and $Node.CleanBlock) {
            ConvertTo-SyntaxDiagnostic $Node.CleanBlock 'A clean block' '7.3' 'takes clean for a command name; use try/finally'
        }
    }
    elseif ($Node -is [System.Management.Automation.Language.PipelineAst]) {
        if ($Node.Background) {
            ConvertTo-SyntaxDiagnostic $Node 'The background operator &' '6.0' 'cannot parse it; use Start-Job'
        }
        if ($Node.PipelineElements.Count -gt 1 -and (Test-LeadingPipe $Script $Node)) {
            ConvertTo-SyntaxDiagnostic $Node 'A | at the start of a line' '7.0' 'cannot parse it; end the line before with the |'
        }
    }
    elseif ($Node -is [System.Management.Automation.Language.InvokeMemberExpressionAst]) {
        if ($Node.PSObject.Properties['GenericTypeArguments'] -and $Node.GenericTypeArguments) {
            ConvertTo-SyntaxDiagnostic $Node 'A generic method call' '7.3' 'cannot parse it; call it through reflection'
        }
    }
    elseif ($Node -is [System.Management.Automation.Language.IndexExpressionAst]) {
        if ($Node.NullConditional) {
            ConvertTo-SyntaxDiagnostic $Node 'A null-conditional index ${x}?[i]' '7.0' 'cannot parse it; test for $null first'
        }
    }
    elseif ($Node -is [System.Management.Automation.Language.StringConstantExpressionAst] -or
        $Node -is [System.Management.Automation.Language.ExpandableStringExpressionAst]) {
        if ("$($Node.StringConstantType)" -like 'DoubleQuoted*' -and $Node.Extent.Text -match '(^|[^`])(``)*`u\{') {
            ConvertTo-SyntaxDiagnostic $Node 'The escape `u{...}' '6.0' 'reads it as the text u{...}; use [char] 0x...'
        }
    }
    elseif ($Node -is [System.Management.Automation.Language.ConstantExpressionAst]) {
        if ($Node.Extent.Text -match '^(0b[01]+|(0x[0-9a-f]+|[0-9.]+(e[+-]?[0-9]+)?)(y|uy|s|us|u|ul|n))(kb|mb|gb|tb|pb)?$') {
            ConvertTo-SyntaxDiagnostic $Node "The number $($Node.Extent.Text)" '6.2 or 7.0' 'cannot parse it; write a plain number and cast it, as [byte] 1'
        }
    }
    elseif ($Node -is [System.Management.Automation.Language.BinaryExpressionAst]) {
        if ("$($Node.Operator)" -match '^[ic]?replace$' -and $Node.Right -is [System.Management.Automation.Language.ArrayLiteralAst] -and
            @($Node.Right.Elements)[-1] -is [System.Management.Automation.Language.ScriptBlockExpressionAst]) {
            ConvertTo-SyntaxDiagnostic $Node '-replace with a script block' '6.1' 'replaces with the text of the block; use [regex]::Replace'
        }
    }
}

# The parameters given to a command, with what follows each: @{ Name; Argument (an Ast or $null) }.
function Get-GivenParameter($Command) {
    $elements = $Command.CommandElements
    for ($i = 1; $i -lt $elements.Count; $i++) {
        if ($elements[$i] -is [System.Management.Automation.Language.CommandParameterAst]) {
            $argument = $elements[$i].Argument
            if (-not $argument -and $i + 1 -lt $elements.Count -and $elements[$i + 1] -isnot [System.Management.Automation.Language.CommandParameterAst]) {
                $argument = $elements[$i + 1]
            }
            [pscustomobject]@{ Name = $elements[$i].ParameterName; Argument = $argument }
        }
    }
}

# What of one node of the tree is a command, parameter, -Encoding value, variable or type 5.1 does not have, or
# Export-Csv or ConvertTo-Csv without -NoTypeInformation (5.1 writes a #TYPE line first). A parameter given abbreviated
# counts when it starts the name of one 5.1 lacks.
function Get-CommandDiagnostic($Node) {
    if ($Node -is [System.Management.Automation.Language.CommandAst]) {
        $name = $Node.GetCommandName()
        if (-not $name) { return }
        if ($script:Aliases.ContainsKey($name)) { $name = $script:Aliases[$name] }
        if ($script:Commands -contains $name) {
            return ConvertTo-CommandDiagnostic $Node "$name is not a command of Windows PowerShell 5.1"
        }
        $given = @(Get-GivenParameter $Node)
        foreach ($parameter in $given) {
            $missing = @($script:Parameters[$name] | Where-Object { $parameter.Name.Length -ge 2 -and $_ -like "$($parameter.Name)*" })
            if ($missing) { ConvertTo-CommandDiagnostic $Node "$name -$($missing[0]) is not in Windows PowerShell 5.1" }
            if ('Encoding' -like "$($parameter.Name)*" -and $parameter.Name.Length -ge 3 -and
                $parameter.Argument -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
                $script:Encodings -contains $parameter.Argument.Value) {
                ConvertTo-CommandDiagnostic $Node "-Encoding $($parameter.Argument.Value) is not in Windows PowerShell 5.1"
            }
        }
        if ($name -in 'Export-Csv', 'ConvertTo-Csv' -and -not ($given | Where-Object { $_.Name.Length -ge 3 -and 'NoTypeInformation' -like "$($_.Name)*" })) {
            ConvertTo-CommandDiagnostic $Node "$name writes a #TYPE line first on Windows PowerShell 5.1: add -NoTypeInformation"
        }
    }
    elseif ($Node -is [System.Management.Automation.Language.VariableExpressionAst]) {
        if ($script:Variables -contains $Node.VariablePath.UserPath) {
            ConvertTo-CommandDiagnostic $Node "`$$($Node.VariablePath.UserPath) is not set in Windows PowerShell 5.1"
        }
    }
    elseif ($Node -is [System.Management.Automation.Language.TypeConstraintAst] -or $Node -is [System.Management.Automation.Language.AttributeAst] -or
        $Node -is [System.Management.Automation.Language.TypeExpressionAst]) {
        if ($script:Types -contains $Node.TypeName.Name) {
            ConvertTo-CommandDiagnostic $Node "[$($Node.TypeName.Name)] is not a type of Windows PowerShell 5.1"
        }
    }
}

<#
.SYNOPSIS
    Finds what Windows PowerShell 5.1 lacks in a script: syntax (WriterJobsWindowsPowerShellSyntax) and commands,
    parameters, variables and types (WriterJobsWindowsPowerShellCommand).
.DESCRIPTION
    It takes the script's tokens, so PSScriptAnalyzer runs it once a file (a rule that takes an Ast runs once for each
    Ast of its kind), and parses the script again from their text.
#>
function Measure-WindowsPowerShellCompatibility {
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.Language.Token[]] $Token
    )

    $script = $Token[0].Extent.StartScriptPosition.GetFullScript()
    $tokens = $errors = $null
    $tree = [System.Management.Automation.Language.Parser]::ParseInput($script, [ref] $tokens, [ref] $errors)
    $requirements = $tree.ScriptRequirements
    $needsSeven = $requirements -and $requirements.RequiredPSVersion -and $requirements.RequiredPSVersion.Major -ge 6
    foreach ($node in $tree.FindAll({ $true }, $true)) {
        Get-SyntaxDiagnostic $node $script
        if (-not $needsSeven) { Get-CommandDiagnostic $node }
    }
}

Export-ModuleMember -Function Measure-WindowsPowerShellCompatibility
