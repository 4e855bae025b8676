#compdef otter

__otter_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__otter_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __otter_complete "${completions[@]:0:-1}"
    fi
}

__otter_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_otter() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'view:Open the viewer: live codes with a countdown, search, copy and QR (the default command).'
            'init:Create an empty vault (never overwrites an existing one).'
            'add:Add accounts from otpauth URIs on standard input (one per line), or pasted at a hidden prompt.'
            'list:List the accounts with their current codes (HOTP shows its counter, not a code).'
            'code:Print the current code of an account.'
            'edit:Change an account'\''s issuer, name, note, digits, period, algorithm, counter, favourite or groups.'
            'rm:Remove an account (asks first on a terminal unless --yes).'
            'rename:Change the issuer and/or the name of an account.'
            'passwd:Change the vault password.'
            'qr:Show the enrollment QR code of an account (it reveals the secret).'
            'import:Import accounts from otpauth lists, QR images, Google Authenticator, Aegis, andOTP, 2FAS, Authenticator Pro, ente, Proton, FreeOTP (1 and 2), Bitwarden, Steam, Authy, TOTP Authenticator, Microsoft Authenticator, LastPass Authenticator, KeePassXC (CSV or a KDBX 4 database), Proton Pass or WinAuth.'
            'export:Export the accounts: otpauth URIs, Aegis (plain or encrypted), Google Authenticator transfer QR codes, or a paper backup (PDF).'
            'merge:Merge another copy of the vault (a sync conflict copy, a backup) into it, losing nothing.'
            'merge-driver:A git merge driver for vault files: merges the two sides'\'' accounts into %A.'
            'unlock:Unlock the vault once: an agent keeps its master key for a while, so commands need no password.'
            'lock:Make the agent forget the vault'\''s key (with --all, every key; the agent then exits).'
            'agent:Say which vaults the agent holds unlocked, and for how long.'
            'slot:List, add and remove the vault'\''s key slots: the password, the desktop keyring, an ssh-agent key, the TPM, a FIDO2 key.'
            'watch:Print the codes of accounts as they change: a line (or JSON object) per change, for a status bar.'
            'type:Type an account'\''s current code into the focused window (wtype on Wayland, xdotool on X11, else ydotool).'
            'pick:Choose an account in a menu (fzf, rofi, wofi, fuzzel, bemenu, dmenu, or Otter'\''s own), then copy, type or print its code.'
            'clock:Check this machine'\''s clock, or correct Otter'\''s view of it from a code another device shows.'
            'new-secret:Make a new secret for a service to enrol a user with, printed as an otpauth URI.'
            'verify:Check a code as the service would: exit 0 when it is valid, 1 when not.'
            'audit:Check the accounts: shared secrets, duplicate names, short secrets, odd HOTP counters, and what Google'\''s transfer cannot carry.'
            'backup:Set up the automatic backups (a copy of the vault after every change), list them, restore one.'
            'demo:Open the viewer on the built-in demo accounts (fake secrets, no vault, no password).'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        view|init|add|list|code|edit|rm|rename|passwd|qr|import|export|merge|merge-driver|unlock|lock|agent|slot|watch|type|pick|clock|new-secret|verify|audit|backup|demo|help)
            "_otter_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_otter_view() {
    local -i ret=1
    local -ar arg_specs=(
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--auto-lock[Lock after this many idle minutes (0 never).]:MINUTES:'
        '--clock-offset[Add this many seconds to the system clock when computing codes (default\: the offset '\''otter clock calibrate'\'' kept, else 0).]:SECONDS:'
        '--hide-codes[Hide the codes (••• •••) but the selected row'\''s, for sharing the screen (h in the viewer toggles it).]'
        '--keep-agent[L leaves the key with the agent (otter unlock) rather than making it forget (auto-lock never ends the agent).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_init() {
    local -i ret=1
    local -ar arg_specs=(
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--kdf-log-n[scrypt cost as log2(N), 14 to 22 (default 17). Lower costs are for tests.]:N:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_add() {
    local -i ret=1
    local -ar arg_specs=(
        '--issuer[Add one account from a bare secret, with this issuer.]:issuer:'
        '--name[Add one account from a bare secret, with this name.]:name:'
        '--type[With --issuer/--name\: totp (default), hotp, steam, motp (hex or base32 secret) or yandex.]:TYPE:'
        '--algorithm[With --issuer/--name\: SHA1 (default), SHA256 or SHA512.]:ALGORITHM:'
        '--digits[With --issuer/--name\: the code length, 6 (default) to 10.]:N:'
        '--period[With --issuer/--name\: the time step in seconds (default 30).]:SECONDS:'
        '--counter[With --issuer/--name and --type hotp\: the next counter (default 0).]:N:'
        '--pin-file[The PIN of mOTP and Yandex accounts (first line of PATH); asked for on the terminal otherwise.]:PATH:'
        '--quiet[Do not print the new account'\''s current code.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--clock-offset[Add this many seconds to the system clock when computing codes (default\: the offset '\''otter clock calibrate'\'' kept, else 0).]:SECONDS:'
        '--at[Compute the codes for this Unix time instead of now.]:UNIXTIME:'
        '--json[Print a JSON array of objects\: id, issuer, name, type, algorithm, digits, period, counter, code, remaining, groups.]'
        '--group[Only the accounts in group NAME (ignoring case).]:NAME:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_code() {
    local -i ret=1
    local -ar arg_specs=(
        ':query:{__otter_custom_complete ---completion code -- positional@0 "${current_word_index}" "$(__otter_cursor_index_in_current_word)"}'
        '--uri[Read one otpauth URI from FILE ('\''-'\'' for standard input).]:FILE:'
        '--at[Compute the code for this Unix time instead of now.]:UNIXTIME:'
        '--count[Print N codes, one per line, for N consecutive time steps or counters.]:N:'
        '--json[Print one JSON object\: issuer, name, type, algorithm, digits, period, counter, code, remaining.]'
        '(-c --copy)'{-c,--copy}'[Copy the code to the clipboard instead of printing it (cleared 30 s later); the route used is said on stderr.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--clock-offset[Add this many seconds to the system clock when computing codes (default\: the offset '\''otter clock calibrate'\'' kept, else 0).]:SECONDS:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_edit() {
    local -i ret=1
    local -ar arg_specs=(
        ':query:{__otter_custom_complete ---completion edit -- positional@0 "${current_word_index}" "$(__otter_cursor_index_in_current_word)"}'
        '--issuer[The new issuer.]:issuer:'
        '--name[The new account name.]:name:'
        '--note[A note kept with the account (shown in the viewer'\''s edit screen).]:note:'
        '--digits[The code length, 6 to 10 (not for Steam).]:N:'
        '--period[The time step in seconds (time-based accounts).]:SECONDS:'
        '--algorithm[SHA1, SHA256 or SHA512.]:ALGORITHM:'
        '--counter[The next counter (HOTP accounts).]:N:'
        '--favourite[Mark the account as a favourite (shown first), or not.]'
        '--no-favourite[Mark the account as a favourite (shown first), or not.]'
        '*--group[Add the account to group NAME (repeatable).]:NAME:'
        '*--no-group[Take the account out of group NAME (repeatable).]:NAME:'
        '--pin[Change the PIN of an mOTP or Yandex account (asked at a hidden prompt, or read from --pin-file).]'
        '--pin-file[With --pin\: the new PIN (first line of PATH).]:PATH:'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_rm() {
    local -i ret=1
    local -ar arg_specs=(
        ':query:{__otter_custom_complete ---completion rm -- positional@0 "${current_word_index}" "$(__otter_cursor_index_in_current_word)"}'
        '--yes[Do not ask for confirmation.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_rename() {
    local -i ret=1
    local -ar arg_specs=(
        ':query:{__otter_custom_complete ---completion rename -- positional@0 "${current_word_index}" "$(__otter_cursor_index_in_current_word)"}'
        '--issuer[The new issuer.]:issuer:'
        '--name[The new account name.]:name:'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_passwd() {
    local -i ret=1
    local -ar arg_specs=(
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--new-password-file[Read the new password from the first line of PATH ('\''-'\'' for standard input).]:PATH:'
        '--kdf-log-n[scrypt cost for the new password as log2(N), 14 to 22 (default\: keep the current cost).]:N:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_qr() {
    local -i ret=1
    local -ar arg_specs=(
        ':query:{__otter_custom_complete ---completion qr -- positional@0 "${current_word_index}" "$(__otter_cursor_index_in_current_word)"}'
        '--uri[Render one otpauth URI from FILE ('\''-'\'' for standard input).]:FILE:'
        '--level[Error correction\: L, M (default), Q or H.]:LEVEL:'
        '--invert[Draw dark modules instead of light ones (for dark text on a light terminal).]'
        '--ascii[Use ASCII (##) even when the terminal speaks UTF-8.]'
        '--print[Print the code to standard output (where it stays in the scrollback) instead of showing it until a key is pressed.]'
        '--png[Write the code as a PNG image to FILE (mode 0600) instead of drawing it.]:FILE:'
        '--force[Overwrite the --png file if it exists.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_import() {
    local -i ret=1
    local -ar arg_specs=(
        ':FILE:'
        '--format[auto, uri, google, aegis, andotp, 2fas, freeotp, bitwarden, authpro, ente, proton, steam, html, authy, totp-authenticator, google-db, microsoft-db, lastpass, keepassxc, kdbx, proton-pass, winauth, image.]:FORMAT:'
        '--clipboard[Scan the image on the clipboard for QR codes (wl-paste under Wayland, xclip under X11).]'
        '--screen[Scan the whole screen for QR codes (grim under Wayland, ImageMagick'\''s import under X11).]'
        '--dry-run[Report what would be imported without changing the vault.]'
        '--source-password-file[The password of an encrypted export (first line of PATH); never the vault'\''s.]:PATH:'
        '--pin-file[The PIN of mOTP and Yandex entries the export has none for (first line of PATH).]:PATH:'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_export() {
    local -i ret=1
    local -ar arg_specs=(
        '--format[uri, aegis, aegis-encrypted, google or paper.]:FORMAT:'
        '(-o --output)'{-o,--output}'[Write to FILE instead of standard output.]:FILE:'
        '--force[Overwrite the output file if it exists.]'
        '--yes[Do not ask before printing secrets to a terminal.]'
        '--export-password-file[aegis-encrypted\: the export'\''s password (first line of PATH); else asked twice.]:PATH:'
        '--batch-size[google\: accounts per QR code (1 to 10).]:N:'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_merge() {
    local -i ret=1
    local -ar arg_specs=(
        ':FILE:'
        '--conflicts[Merge every conflict copy beside the vault, then remove it.]'
        '--resolve[Show the versions of an account in conflict and keep one.]:QUERY:'
        '--keep[With --resolve\: keep version N (as listed) without asking.]:N:'
        '--dry-run[Say what would change; write nothing.]'
        '--other-vault[FILE is another vault\: add its accounts as an import would (duplicates skipped).]'
        '--source-password-file[The copy'\''s password, if it is not the vault'\''s (first line of PATH; else asked).]:PATH:'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_merge-driver() {
    local -i ret=1
    local -ar arg_specs=(
        ':BASE:'
        ':OURS:'
        ':THEIRS:'
        ':PATH:'
        '--password-file[Read the password from the first line of PATH; else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, the agent, or a prompt.]:PATH:'
        '--source-password-file[The other side'\''s password, if it differs (first line of PATH).]:PATH:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_unlock() {
    local -i ret=1
    local -ar arg_specs=(
        '--for[How long\: 90s, 15m (default), 2h, 1d; a bare number is seconds; 0 means until otter lock.]:DURATION:'
        '--keep-on-suspend[Keep the key when the machine suspends (it is forgotten then, and when the session locks or the screen saver starts).]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_lock() {
    local -i ret=1
    local -ar arg_specs=(
        '--all[Forget every vault'\''s key.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_agent() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'status:Which vaults are unlocked, for how long.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        status)
            "_otter_agent_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_otter_agent_status() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_slot() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:One line per key slot: id, kind, what it is bound to, when it was added.'
            'add:Add a key slot (the vault must be unlocked: any password source, a slot, or the agent).'
            'remove:Remove a key slot (never the last password slot).'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|add|remove)
            "_otter_slot_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_otter_slot_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print a JSON array of objects with id, kind, boundTo and added.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_slot_add() {
    local -i ret=1
    local -ar arg_specs=(
        '--keyring[A key kept in the desktop keyring.]'
        '--ssh-key[A key held by the running ssh-agent, as '\''ssh-add -l'\'' prints it.]:FINGERPRINT:'
        '--tpm2[A key sealed to this machine'\''s TPM 2.0 (/dev/tpmrm0, or the TCTI TSS2_TCTI names).]'
        '--fido2[A FIDO2 security key'\''s hmac-secret (a touch to unlock).]'
        '--device[With --fido2\: the security key'\''s device (default\: the first one plugged in).]:PATH:'
        '--pin[With --tpm2\: the TPM asks a PIN (set here, asked twice) before it unseals the key. With --fido2\: the security key'\''s PIN is asked, now and at every unlock.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_slot_remove() {
    local -i ret=1
    local -ar arg_specs=(
        ':ID:'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_watch() {
    local -i ret=1
    local -ar arg_specs=(
        '*:queries:{__otter_custom_complete ---completion watch -- positional@0 "${current_word_index}" "$(__otter_cursor_index_in_current_word)"}'
        '--format[The line for each account, with {issuer} {name} {code} {remaining} {period}.]:FMT:'
        '--json[One JSON object per change\: accounts (issuer, name, code, remaining, period) and locked.]'
        '--waybar[waybar'\''s custom-module JSON\: text, tooltip, class (ok, expiring, locked) and percentage.]'
        '--i3blocks[i3blocks'\'' persistent mode\: one full_text line per change.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--clock-offset[Add this many seconds to the system clock when computing codes (default\: the offset '\''otter clock calibrate'\'' kept, else 0).]:SECONDS:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_type() {
    local -i ret=1
    local -ar arg_specs=(
        ':query:{__otter_custom_complete ---completion type -- positional@0 "${current_word_index}" "$(__otter_cursor_index_in_current_word)"}'
        '--enter[Press Enter after the code.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--clock-offset[Add this many seconds to the system clock when computing codes (default\: the offset '\''otter clock calibrate'\'' kept, else 0).]:SECONDS:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_pick() {
    local -i ret=1
    local -ar arg_specs=(
        '--menu[fzf, rofi, wofi, fuzzel, bemenu, dmenu or builtin.]:MENU:'
        '--type[Type the code into the focused window (otter type).]'
        '--copy[Copy the code to the clipboard (the default; cleared 30 s later).]'
        '--print[Print the code.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--clock-offset[Add this many seconds to the system clock when computing codes (default\: the offset '\''otter clock calibrate'\'' kept, else 0).]:SECONDS:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_clock() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'check:Say whether the kernel thinks the clock is synchronised, and the offset it knows.'
            'calibrate:Find the clock offset from the code another device shows for an account, and keep it for this machine.'
            'reset:Forget the offset calibrate kept.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        check|calibrate|reset)
            "_otter_clock_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_otter_clock_check() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print one JSON object\: synchronised, offsetSeconds, maxErrorSeconds, estimatedErrorSeconds, calibratedOffset.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_clock_calibrate() {
    local -i ret=1
    local -ar arg_specs=(
        ':query:{__otter_custom_complete ---completion clock calibrate -- positional@0 "${current_word_index}" "$(__otter_cursor_index_in_current_word)"}'
        '--code[The code the other device shows now (else it is asked for).]:CODE:'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_clock_reset() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_new-secret() {
    local -i ret=1
    local -ar arg_specs=(
        '--issuer[The service'\''s name, shown by the authenticator.]:issuer:'
        '--name[The user'\''s name or e-mail address at the service.]:name:'
        '--bits[The secret'\''s size in bits, a multiple of 8 from 80 to 2048.]:BITS:'
        '--digits[Code length, 6 to 10.]:N:'
        '--period[Seconds per code (TOTP), 1 to 86400.]:SECONDS:'
        '--algorithm[SHA1, SHA256 or SHA512.]:NAME:'
        '--hotp[A counter-based (HOTP) account instead of a time-based one.]'
        '--qr[Also print the URI'\''s QR code.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_verify() {
    local -i ret=1
    local -ar arg_specs=(
        '--uri[Read the account'\''s otpauth URI from FILE ('\''-'\'' for standard input).]:FILE:'
        ':code:'
        '--window[Steps (TOTP) or counters ahead (HOTP) to accept, 0 to 100.]:N:'
        '--state[Remember accepted codes and HOTP counters in FILE (mode 0600).]:FILE:'
        '--at[Check at this Unix time instead of now.]:UNIXTIME:'
        '--verbose[Say on standard output whether the code was accepted, and at which step.]'
        '--clock-offset[Add this many seconds to the system clock when computing codes (default\: the offset '\''otter clock calibrate'\'' kept, else 0).]:SECONDS:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_audit() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print one JSON object\: accounts (the number audited) and findings (check, detail, accounts, ids).]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_backup() {
    local -i ret=1
    local -ar arg_specs=(
        '--folder[Write the copies to PATH (made 0700 if missing).]:PATH:'
        '--keep[Keep the newest N copies of each vault (1 to 10000).]:N:'
        '--off[Stop writing copies (the existing ones stay).]'
        '--on[Write copies again after --off.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:The vault'\''s copies, numbered from 1 (the newest): time, generation, accounts.'
            'restore:Replace the vault with copy N of '\''otter backup list'\'' (the current vault is backed up first).'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|restore)
            "_otter_backup_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_otter_backup_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print a JSON array of objects\: number, time, generation, accounts (null when the key differs), path, current.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_backup_restore() {
    local -i ret=1
    local -ar arg_specs=(
        ':number:'
        '--yes[Do not ask first.]'
        '--vault[The vault file (default\: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).]:PATH:'
        '--password-file[Read the password from the first line of PATH ('\''-'\'' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.]:PATH:'
        '--aegis[Show the accounts of an Aegis backup FILE, read-only, instead of the vault.]:FILE:'
        '--kdf-budget[Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter'\''s 1 GiB budget.]:SIZE:'
        '--slot[Unlock only through slots of KIND\: password, keyring, ssh-key, tpm2 or fido2 ('\''password'\'' skips the agent and every other slot).]:KIND:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_demo() {
    local -i ret=1
    local -ar arg_specs=(
        '--at[Compute the codes for this Unix time instead of now (implies --list).]:UNIXTIME:'
        '--list[Print the demo accounts and their codes instead of opening the viewer.]'
        '--clock-offset[Add this many seconds to the system clock when computing codes (default\: the offset '\''otter clock calibrate'\'' kept, else 0).]:SECONDS:'
        '--hide-codes[Hide the codes but the selected row'\''s (h in the viewer toggles it).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_otter_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _otter ]]; then
    _otter "${@}"
else
    compdef _otter otter
fi
