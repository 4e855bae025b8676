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
        [
          slot.slotID, kindName(slot), SlotSources.binding(of: slot, vaultID: vaultID),
          slot.added.map { Timestamp.iso8601(Int64(clamping: $0)) } ?? "-",
        ]
      }
    return Table.render(rows)
  }

  public static func json(_ slots: [KeySlot], vaultID: UUID) -> String {
    JSON.array(
      slots.map { slot in
        .object([
          ("id", .string(slot.slotID)), ("kind", .string(kindName(slot))),
          ("boundTo", .string(SlotSources.binding(of: slot, vaultID: vaultID))),
          ("added", slot.added.map { .string(Timestamp.iso8601(Int64(clamping: $0))) } ?? .null),
        ])
      }
    ).terminalSafeText
  }

  static func kindName(_ slot: KeySlot) -> String { Sanitizer.displayText(String(slot.type.prefix(32))) }
}
