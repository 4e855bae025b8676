import FoundationEssentials
import JSONCodec
import OTPCore
import Vault

/// What `otter slot list` prints: one line per key slot (id, kind, what it is bound to, when
/// it was added), or a JSON array of objects with the members `id`, `kind`, `boundTo` and
/// `added` (ISO 8601 in UTC, null for a password slot, whose time is not kept).
public enum SlotListing {
  public static func table(_ slots: [KeySlot], vaultID: UUID) -> String {
    let rows =
      [["ID", "KIND", "BOUND TO", "ADDED"]]
      + slots.map { slot in
        [slot.slotID, kindName(slot), SlotSources.binding(of: slot, vaultID: vaultID), slot.added.map(utcText) ?? "-"]
      }
    return Table.render(rows)
  }

  public static func json(_ slots: [KeySlot], vaultID: UUID) -> String {
    JSON.array(
      slots.map { slot in
        .object([
          ("id", .string(slot.slotID)), ("kind", .string(kindName(slot))),
          ("boundTo", .string(SlotSources.binding(of: slot, vaultID: vaultID))),
          ("added", slot.added.map { .string(utcText($0)) } ?? .null),
        ])
      }
    ).terminalSafeText
  }

  static func kindName(_ slot: KeySlot) -> String { Sanitizer.displayText(String(slot.type.prefix(32))) }

  /// `seconds` since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (the civil-from-days algorithm).
  static func utcText(_ seconds: UInt64) -> String {
    let days = Int64(seconds / 86_400)
    let rest = Int(seconds % 86_400)
    let shifted = days + 719_468
    let era = shifted / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let time = [rest / 3600, rest / 60 % 60, rest % 60].map { two(Int64($0)) }.joined(separator: ":")
    return "\(year)-\(two(month))-\(two(day))T\(time)Z"
  }
}
