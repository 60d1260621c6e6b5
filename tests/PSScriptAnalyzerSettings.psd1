# What PSScriptAnalyzer leaves out in the tests, on top of the repository's PSScriptAnalyzerSettings.psd1
# (tools/Invoke-ScriptAnalysis.ps1 adds these exclusions for every script under tests/). A rule that only some test
# scripts break stays suppressed in those scripts, with its reason there.
@{
    ExcludeRules = @(
        # Pester blocks share variables across scopes: a BeforeAll assigns what the Its read.
        'PSUseDeclaredVarsMoreThanAssignments'
        # The keys the tests hand to Connect-Writer are the emulator's made-up ones.
        'PSAvoidUsingConvertToSecureStringWithPlainText'
        # The helpers start and stop throw-away local processes (the emulator, a proxy, a sweep): no -WhatIf wanted.
        'PSUseShouldProcessForStateChangingFunctions'
    )
}
