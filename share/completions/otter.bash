#!/bin/bash

__otter_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__otter_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__otter_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__otter_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_otter() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __otter_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    view|init|add|list|code|edit|rm|rename|passwd|qr|import|export|merge|merge-driver|unlock|lock|agent|slot|watch|type|pick|clock|new-secret|verify|audit|backup|demo|help)
        # Offer subcommand argument completions
        "_otter_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'view init add list code edit rm rename passwd qr import export merge merge-driver unlock lock agent slot watch type pick clock new-secret verify audit backup demo help' -- "${cur}"))
        ;;
    esac
}

_otter_view() {
    repeating_flags=()
    non_repeating_flags=(--hide-codes --keep-agent --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot --auto-lock --clock-offset)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    '--auto-lock')
        return
        ;;
    '--clock-offset')
        return
        ;;
    esac
}

_otter_init() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot --kdf-log-n)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    '--kdf-log-n')
        return
        ;;
    esac
}

_otter_add() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--issuer --name --type --algorithm --digits --period --counter --pin-file --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--issuer')
        return
        ;;
    '--name')
        return
        ;;
    '--type')
        return
        ;;
    '--algorithm')
        return
        ;;
    '--digits')
        return
        ;;
    '--period')
        return
        ;;
    '--counter')
        return
        ;;
    '--pin-file')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot --clock-offset --at --group)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    '--clock-offset')
        return
        ;;
    '--at')
        return
        ;;
    '--group')
        return
        ;;
    esac
}

_otter_code() {
    repeating_flags=()
    non_repeating_flags=(--json -c --copy --version -h --help)
    repeating_options=()
    non_repeating_options=(--uri --at --count --vault --password-file --aegis --kdf-budget --slot --clock-offset)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--uri')
        return
        ;;
    '--at')
        return
        ;;
    '--count')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    '--clock-offset')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __otter_add_completions -W "$(__otter_custom_complete ---completion code -- positional@0 "${COMP_CWORD}" "$(__otter_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_otter_edit() {
    repeating_flags=()
    non_repeating_flags=(--favourite --no-favourite --pin --version -h --help)
    repeating_options=(--group --no-group)
    non_repeating_options=(--issuer --name --note --digits --period --algorithm --counter --pin-file --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--issuer')
        return
        ;;
    '--name')
        return
        ;;
    '--note')
        return
        ;;
    '--digits')
        return
        ;;
    '--period')
        return
        ;;
    '--algorithm')
        return
        ;;
    '--counter')
        return
        ;;
    '--group')
        return
        ;;
    '--no-group')
        return
        ;;
    '--pin-file')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __otter_add_completions -W "$(__otter_custom_complete ---completion edit -- positional@0 "${COMP_CWORD}" "$(__otter_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_otter_rm() {
    repeating_flags=()
    non_repeating_flags=(--yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __otter_add_completions -W "$(__otter_custom_complete ---completion rm -- positional@0 "${COMP_CWORD}" "$(__otter_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_otter_rename() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--issuer --name --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--issuer')
        return
        ;;
    '--name')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __otter_add_completions -W "$(__otter_custom_complete ---completion rename -- positional@0 "${COMP_CWORD}" "$(__otter_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_otter_passwd() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot --new-password-file --kdf-log-n)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    '--new-password-file')
        return
        ;;
    '--kdf-log-n')
        return
        ;;
    esac
}

_otter_qr() {
    repeating_flags=()
    non_repeating_flags=(--invert --ascii --print --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--uri --level --png --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--uri')
        return
        ;;
    '--level')
        return
        ;;
    '--png')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __otter_add_completions -W "$(__otter_custom_complete ---completion qr -- positional@0 "${COMP_CWORD}" "$(__otter_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_otter_import() {
    repeating_flags=()
    non_repeating_flags=(--clipboard --screen --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--format --source-password-file --pin-file --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--format')
        return
        ;;
    '--source-password-file')
        return
        ;;
    '--pin-file')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_export() {
    repeating_flags=()
    non_repeating_flags=(--force --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--format -o --output --export-password-file --batch-size --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--format')
        return
        ;;
    '-o'|'--output')
        return
        ;;
    '--export-password-file')
        return
        ;;
    '--batch-size')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_merge() {
    repeating_flags=()
    non_repeating_flags=(--conflicts --dry-run --other-vault --version -h --help)
    repeating_options=()
    non_repeating_options=(--resolve --keep --source-password-file --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--resolve')
        return
        ;;
    '--keep')
        return
        ;;
    '--source-password-file')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_merge-driver() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--password-file --source-password-file)
    __otter_offer_flags_options 4

    # Offer option value completions
    case "${prev}" in
    '--password-file')
        return
        ;;
    '--source-password-file')
        return
        ;;
    esac
}

_otter_unlock() {
    repeating_flags=()
    non_repeating_flags=(--keep-on-suspend --version -h --help)
    repeating_options=()
    non_repeating_options=(--for --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--for')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_lock() {
    repeating_flags=()
    non_repeating_flags=(--all --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_agent() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __otter_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    status)
        # Offer subcommand argument completions
        "_otter_agent_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'status' -- "${cur}"))
        ;;
    esac
}

_otter_agent_status() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __otter_offer_flags_options 0
}

_otter_slot() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __otter_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|remove)
        # Offer subcommand argument completions
        "_otter_slot_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add remove' -- "${cur}"))
        ;;
    esac
}

_otter_slot_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_slot_add() {
    repeating_flags=()
    non_repeating_flags=(--keyring --tpm2 --fido2 --pin --version -h --help)
    repeating_options=()
    non_repeating_options=(--ssh-key --device --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--ssh-key')
        return
        ;;
    '--device')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_slot_remove() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_watch() {
    repeating_flags=()
    non_repeating_flags=(--json --waybar --i3blocks --version -h --help)
    repeating_options=()
    non_repeating_options=(--format --vault --password-file --aegis --kdf-budget --slot --clock-offset)
    __otter_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--format')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    '--clock-offset')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __otter_add_completions -W "$(__otter_custom_complete ---completion watch -- positional@0 "${COMP_CWORD}" "$(__otter_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_otter_type() {
    repeating_flags=()
    non_repeating_flags=(--enter --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot --clock-offset)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    '--clock-offset')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __otter_add_completions -W "$(__otter_custom_complete ---completion type -- positional@0 "${COMP_CWORD}" "$(__otter_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_otter_pick() {
    repeating_flags=()
    non_repeating_flags=(--type --copy --print --version -h --help)
    repeating_options=()
    non_repeating_options=(--menu --vault --password-file --aegis --kdf-budget --slot --clock-offset)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--menu')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    '--clock-offset')
        return
        ;;
    esac
}

_otter_clock() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __otter_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    check|calibrate|reset)
        # Offer subcommand argument completions
        "_otter_clock_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'check calibrate reset' -- "${cur}"))
        ;;
    esac
}

_otter_clock_check() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __otter_offer_flags_options 0
}

_otter_clock_calibrate() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--code --vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--code')
        return
        ;;
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __otter_add_completions -W "$(__otter_custom_complete ---completion clock calibrate -- positional@0 "${COMP_CWORD}" "$(__otter_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_otter_clock_reset() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __otter_offer_flags_options 0
}

_otter_new-secret() {
    repeating_flags=()
    non_repeating_flags=(--hotp --qr --version -h --help)
    repeating_options=()
    non_repeating_options=(--issuer --name --bits --digits --period --algorithm)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--issuer')
        return
        ;;
    '--name')
        return
        ;;
    '--bits')
        return
        ;;
    '--digits')
        return
        ;;
    '--period')
        return
        ;;
    '--algorithm')
        return
        ;;
    esac
}

_otter_verify() {
    repeating_flags=()
    non_repeating_flags=(--verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--uri --window --state --at --clock-offset)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--uri')
        return
        ;;
    '--window')
        return
        ;;
    '--state')
        return
        ;;
    '--at')
        return
        ;;
    '--clock-offset')
        return
        ;;
    esac
}

_otter_audit() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_backup() {
    repeating_flags=()
    non_repeating_flags=(--off --on --version -h --help)
    repeating_options=()
    non_repeating_options=(--folder --keep)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--folder')
        return
        ;;
    '--keep')
        return
        ;;
    esac

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|restore)
        # Offer subcommand argument completions
        "_otter_backup_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list restore' -- "${cur}"))
        ;;
    esac
}

_otter_backup_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_backup_restore() {
    repeating_flags=()
    non_repeating_flags=(--yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--vault --password-file --aegis --kdf-budget --slot)
    __otter_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--vault')
        return
        ;;
    '--password-file')
        return
        ;;
    '--aegis')
        return
        ;;
    '--kdf-budget')
        return
        ;;
    '--slot')
        return
        ;;
    esac
}

_otter_demo() {
    repeating_flags=()
    non_repeating_flags=(--list --hide-codes --version -h --help)
    repeating_options=()
    non_repeating_options=(--at --clock-offset)
    __otter_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--at')
        return
        ;;
    '--clock-offset')
        return
        ;;
    esac
}

_otter_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __otter_offer_flags_options -1
}

complete -o filenames -F _otter otter
