function __otter_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __otter_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __otter_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __otter_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __otter_parse_tokens -S
    set -l unparsed_tokens (__otter_tokens -pc)
    switch $unparsed_tokens[1]
    case 'otter'
        __otter_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'view'
            __otter_parse_subcommand 0 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'auto-lock=' 'clock-offset=' 'keep-agent' 'version' 'h/help'
        case 'init'
            __otter_parse_subcommand 0 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'kdf-log-n=' 'version' 'h/help'
        case 'add'
            __otter_parse_subcommand 1 'issuer=' 'name=' 'type=' 'algorithm=' 'digits=' 'period=' 'counter=' 'pin-file=' 'quiet' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'list'
            __otter_parse_subcommand 0 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'at=' 'json' 'version' 'h/help'
        case 'code'
            __otter_parse_subcommand 1 'uri=' 'at=' 'count=' 'json' 'c/copy' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'edit'
            __otter_parse_subcommand 1 'issuer=' 'name=' 'note=' 'digits=' 'period=' 'algorithm=' 'counter=' 'favourite' 'no-favourite' 'pin' 'pin-file=' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'rm'
            __otter_parse_subcommand 1 'yes' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'rename'
            __otter_parse_subcommand 1 'issuer=' 'name=' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'passwd'
            __otter_parse_subcommand 0 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'new-password-file=' 'kdf-log-n=' 'version' 'h/help'
        case 'qr'
            __otter_parse_subcommand 1 'uri=' 'level=' 'invert' 'ascii' 'print' 'png=' 'force' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'import'
            __otter_parse_subcommand 1 'format=' 'dry-run' 'source-password-file=' 'pin-file=' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'export'
            __otter_parse_subcommand 0 'format=' 'o/output=' 'force' 'yes' 'export-password-file=' 'batch-size=' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'merge'
            __otter_parse_subcommand 1 'conflicts' 'resolve=' 'keep=' 'dry-run' 'other-vault' 'source-password-file=' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'merge-driver'
            __otter_parse_subcommand 4 'password-file=' 'source-password-file=' 'version' 'h/help'
        case 'unlock'
            __otter_parse_subcommand 0 'for=' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'lock'
            __otter_parse_subcommand 0 'all' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'agent'
            __otter_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'status'
                __otter_parse_subcommand 0 'version' 'h/help'
            end
        case 'slot'
            __otter_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __otter_parse_subcommand 0 'json' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
            case 'add'
                __otter_parse_subcommand 0 'keyring' 'ssh-key=' 'tpm2' 'fido2' 'device=' 'pin' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
            case 'remove'
                __otter_parse_subcommand 1 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
            end
        case 'watch'
            __otter_parse_subcommand -r 1 'format=' 'json' 'waybar' 'i3blocks' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'type'
            __otter_parse_subcommand 1 'enter' 'vault=' 'password-file=' 'aegis=' 'kdf-budget=' 'slot=' 'version' 'h/help'
        case 'demo'
            __otter_parse_subcommand 0 'at=' 'list' 'clock-offset=' 'version' 'h/help'
        case 'help'
            __otter_parse_subcommand -r 1 'version'
        end
    end
end

function __otter_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __otter_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __otter_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __otter_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__otter_tokens -p)
    if test -z "$(__otter_tokens -t)"
        set -l index (count (__otter_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'otter' -f
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'view' -d 'Open the viewer: live codes with a countdown, search, copy and QR (the default command).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'init' -d 'Create an empty vault (never overwrites an existing one).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'add' -d 'Add accounts from otpauth URIs on standard input (one per line), or pasted at a hidden prompt.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'list' -d 'List the accounts with their current codes (HOTP shows its counter, not a code).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'code' -d 'Print the current code of an account.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'edit' -d 'Change an account\'s issuer, name, note, digits, period, algorithm, counter or favourite.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'rm' -d 'Remove an account (asks first on a terminal unless --yes).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'rename' -d 'Change the issuer and/or the name of an account.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'passwd' -d 'Change the vault password.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'qr' -d 'Show the enrollment QR code of an account (it reveals the secret).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'import' -d 'Import accounts from otpauth lists, QR images, Google Authenticator, Aegis, andOTP, 2FAS, Authenticator Pro, ente, Proton, FreeOTP (1 and 2), Bitwarden, Steam, Authy, TOTP Authenticator, Microsoft Authenticator, LastPass Authenticator, KeePassXC (CSV or a KDBX 4 database), Proton Pass or WinAuth.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'export' -d 'Export the accounts: otpauth URIs, Aegis (plain or encrypted), or Google Authenticator transfer QR codes.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'merge' -d 'Merge another copy of the vault (a sync conflict copy, a backup) into it, losing nothing.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'merge-driver' -d 'A git merge driver for vault files: merges the two sides\' accounts into %A.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'unlock' -d 'Unlock the vault once: an agent keeps its master key for a while, so commands need no password.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'lock' -d 'Make the agent forget the vault\'s key (with --all, every key; the agent then exits).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'agent' -d 'Say which vaults the agent holds unlocked, and for how long.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'slot' -d 'List, add and remove the vault\'s key slots: the password, the desktop keyring, an ssh-agent key, the TPM, a FIDO2 key.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'watch' -d 'Print the codes of accounts as they change: a line (or JSON object) per change, for a status bar.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'type' -d 'Type an account\'s current code into the focused window (wtype on Wayland, xdotool on X11, else ydotool).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'demo' -d 'Open the viewer on the built-in demo accounts (fake secrets, no vault, no password).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" auto-lock' -l 'auto-lock' -d 'Lock after this many idle minutes (0 never).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" clock-offset' -l 'clock-offset' -d 'Add this many seconds to the system clock when computing codes (for a clock that is wrong).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" keep-agent' -l 'keep-agent' -d 'L leaves the key with the agent (otter unlock) rather than making it forget (auto-lock never ends the agent).'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter view" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter init" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter init" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter init" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter init" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter init" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter init" kdf-log-n' -l 'kdf-log-n' -d 'scrypt cost as log2(N), 14 to 22 (default 17). Lower costs are for tests.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter init" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" issuer' -l 'issuer' -d 'Add one account from a bare secret, with this issuer.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" name' -l 'name' -d 'Add one account from a bare secret, with this name.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" type' -l 'type' -d 'With --issuer/--name: totp (default), hotp, steam, motp (hex or base32 secret) or yandex.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" algorithm' -l 'algorithm' -d 'With --issuer/--name: SHA1 (default), SHA256 or SHA512.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" digits' -l 'digits' -d 'With --issuer/--name: the code length, 6 (default) to 10.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" period' -l 'period' -d 'With --issuer/--name: the time step in seconds (default 30).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" counter' -l 'counter' -d 'With --issuer/--name and --type hotp: the next counter (default 0).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" pin-file' -l 'pin-file' -d 'The PIN of mOTP and Yandex accounts (first line of PATH); asked for on the terminal otherwise.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" quiet' -l 'quiet' -d 'Do not print the new account\'s current code.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" at' -l 'at' -d 'Compute the codes for this Unix time instead of now.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" json' -l 'json' -d 'Print a JSON array of objects: id, issuer, name, type, algorithm, digits, period, counter, code, remaining.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" uri' -l 'uri' -d 'Read one otpauth URI from FILE (\'-\' for standard input).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" at' -l 'at' -d 'Compute the code for this Unix time instead of now.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" count' -l 'count' -d 'Print N codes, one per line, for N consecutive time steps or counters.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" json' -l 'json' -d 'Print one JSON object: issuer, name, type, algorithm, digits, period, counter, code, remaining.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" c copy' -s 'c' -l 'copy' -d 'Copy the code to the clipboard instead of printing it (cleared 30 s later); the route used is said on stderr.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter code" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" issuer' -l 'issuer' -d 'The new issuer.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" name' -l 'name' -d 'The new account name.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" note' -l 'note' -d 'A note kept with the account (shown in the viewer\'s edit screen).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" digits' -l 'digits' -d 'The code length, 6 to 10 (not for Steam).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" period' -l 'period' -d 'The time step in seconds (time-based accounts).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" algorithm' -l 'algorithm' -d 'SHA1, SHA256 or SHA512.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" counter' -l 'counter' -d 'The next counter (HOTP accounts).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" favourite' -l 'favourite' -d 'Mark the account as a favourite (shown first), or not.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" no-favourite' -l 'no-favourite' -d 'Mark the account as a favourite (shown first), or not.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" pin' -l 'pin' -d 'Change the PIN of an mOTP or Yandex account (asked at a hidden prompt, or read from --pin-file).'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" pin-file' -l 'pin-file' -d 'With --pin: the new PIN (first line of PATH).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter edit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rm" yes' -l 'yes' -d 'Do not ask for confirmation.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rm" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rm" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rm" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rm" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rm" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rm" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rm" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" issuer' -l 'issuer' -d 'The new issuer.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" name' -l 'name' -d 'The new account name.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter rename" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" new-password-file' -l 'new-password-file' -d 'Read the new password from the first line of PATH (\'-\' for standard input).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" kdf-log-n' -l 'kdf-log-n' -d 'scrypt cost for the new password as log2(N), 14 to 22 (default: keep the current cost).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter passwd" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" uri' -l 'uri' -d 'Render one otpauth URI from FILE (\'-\' for standard input).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" level' -l 'level' -d 'Error correction: L, M (default), Q or H.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" invert' -l 'invert' -d 'Draw dark modules instead of light ones (for dark text on a light terminal).'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" ascii' -l 'ascii' -d 'Use ASCII (##) even when the terminal speaks UTF-8.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" print' -l 'print' -d 'Print the code to standard output (where it stays in the scrollback) instead of showing it until a key is pressed.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" png' -l 'png' -d 'Write the code as a PNG image to FILE (mode 0600) instead of drawing it.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" force' -l 'force' -d 'Overwrite the --png file if it exists.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter qr" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" format' -l 'format' -d 'auto, uri, google, aegis, andotp, 2fas, freeotp, bitwarden, authpro, ente, proton, steam, html, authy, totp-authenticator, google-db, microsoft-db, lastpass, keepassxc, kdbx, proton-pass, winauth, image.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" dry-run' -l 'dry-run' -d 'Report what would be imported without changing the vault.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" source-password-file' -l 'source-password-file' -d 'The password of an encrypted export (first line of PATH); never the vault\'s.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" pin-file' -l 'pin-file' -d 'The PIN of mOTP and Yandex entries the export has none for (first line of PATH).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" format' -l 'format' -d 'uri, aegis, aegis-encrypted or google.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" o output' -s 'o' -l 'output' -d 'Write to FILE instead of standard output.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" force' -l 'force' -d 'Overwrite the output file if it exists.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" yes' -l 'yes' -d 'Do not ask before printing secrets to a terminal.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" export-password-file' -l 'export-password-file' -d 'aegis-encrypted: the export\'s password (first line of PATH); else asked twice.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" batch-size' -l 'batch-size' -d 'google: accounts per QR code (1 to 10).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" conflicts' -l 'conflicts' -d 'Merge every conflict copy beside the vault, then remove it.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" resolve' -l 'resolve' -d 'Show the versions of an account in conflict and keep one.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" keep' -l 'keep' -d 'With --resolve: keep version N (as listed) without asking.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" dry-run' -l 'dry-run' -d 'Say what would change; write nothing.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" other-vault' -l 'other-vault' -d 'FILE is another vault: add its accounts as an import would (duplicates skipped).'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" source-password-file' -l 'source-password-file' -d 'The copy\'s password, if it is not the vault\'s (first line of PATH; else asked).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge-driver" password-file' -l 'password-file' -d 'Read the password from the first line of PATH; else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, the agent, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge-driver" source-password-file' -l 'source-password-file' -d 'The other side\'s password, if it differs (first line of PATH).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge-driver" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter merge-driver" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter unlock" for' -l 'for' -d 'How long: 90s, 15m (default), 2h, 1d; a bare number is seconds; 0 means until otter lock.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter unlock" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter unlock" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter unlock" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter unlock" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter unlock" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter unlock" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter unlock" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter lock" all' -l 'all' -d 'Forget every vault\'s key.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter lock" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter lock" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter lock" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter lock" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter lock" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter lock" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter lock" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter agent" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter agent" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter agent" -eq 1' -fa 'status' -d 'Which vaults are unlocked, for how long.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter agent status" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter agent status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter slot" -eq 1' -fa 'list' -d 'One line per key slot: id, kind, what it is bound to, when it was added.'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter slot" -eq 1' -fa 'add' -d 'Add a key slot (the vault must be unlocked: any password source, a slot, or the agent).'
complete -c 'otter' -n '__otter_should_offer_completions_for_positional "otter slot" -eq 1' -fa 'remove' -d 'Remove a key slot (never the last password slot).'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot list" json' -l 'json' -d 'Print a JSON array of objects with id, kind, boundTo and added.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot list" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot list" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot list" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot list" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot list" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot list" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" keyring' -l 'keyring' -d 'A key kept in the desktop keyring.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" ssh-key' -l 'ssh-key' -d 'A key held by the running ssh-agent, as \'ssh-add -l\' prints it.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" tpm2' -l 'tpm2' -d 'A key sealed to this machine\'s TPM 2.0 (/dev/tpmrm0, or the TCTI TSS2_TCTI names).'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" fido2' -l 'fido2' -d 'A FIDO2 security key\'s hmac-secret (a touch to unlock).'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" device' -l 'device' -d 'With --fido2: the security key\'s device (default: the first one plugged in).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" pin' -l 'pin' -d 'With --tpm2: the TPM asks a PIN (set here, asked twice) before it unseals the key. With --fido2: the security key\'s PIN is asked, now and at every unlock.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot remove" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot remove" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot remove" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot remove" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot remove" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot remove" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter slot remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" format' -l 'format' -d 'The line for each account, with {issuer} {name} {code} {remaining} {period}.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" json' -l 'json' -d 'One JSON object per change: accounts (issuer, name, code, remaining, period) and locked.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" waybar' -l 'waybar' -d 'waybar\'s custom-module JSON: text, tooltip, class (ok, expiring, locked) and percentage.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" i3blocks' -l 'i3blocks' -d 'i3blocks\' persistent mode: one full_text line per change.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter type" enter' -l 'enter' -d 'Press Enter after the code.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter type" vault' -l 'vault' -d 'The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter type" password-file' -l 'password-file' -d 'Read the password from the first line of PATH (\'-\' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter type" aegis' -l 'aegis' -d 'Show the accounts of an Aegis backup FILE, read-only, instead of the vault.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter type" kdf-budget' -l 'kdf-budget' -d 'Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter\'s 1 GiB budget.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter type" slot' -l 'slot' -d 'Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 (\'password\' skips the agent and every other slot).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter type" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter type" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter demo" at' -l 'at' -d 'Compute the codes for this Unix time instead of now (implies --list).' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter demo" list' -l 'list' -d 'Print the demo accounts and their codes instead of opening the viewer.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter demo" clock-offset' -l 'clock-offset' -d 'Add this many seconds to the system clock when computing codes.' -rfka ''
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter demo" version' -l 'version' -d 'Show the version.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter demo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'otter' -n '__otter_should_offer_completions_for_flags_or_options "otter help" version' -l 'version' -d 'Show the version.'
