// Engine storage for attachments (LpContext::SendWith, model.h): fixed-size slots in
// slabs, addressed by 32-bit handles, with an intrusive free list.
//
// Why slabs of fixed slots: every attachment fits kMaxAttachmentBytes, so one slot size
// serves all, a freed slot is reused by the next send (no allocation per event once the
// pool has grown to the run's peak of pending attachments), and a slot's address never
// moves (slabs are never reallocated), so a handler may keep reading its attachment while
// it sends others that grow the pool.
//
// Thread safety: none. A pool belongs to one executor partition (the sequential run, or
// one block of the windowed executor) and is used only by the thread running it.
#ifndef HUBSIM_ENGINE_KERNEL_EXECUTORS_ATTACHMENT_POOL_H_
#define HUBSIM_ENGINE_KERNEL_EXECUTORS_ATTACHMENT_POOL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "hubsim/model.h"

namespace hubsim::internal {

// The bytes of one attachment. Default construction leaves them uninitialised, so making a
// slot (in a pool's slab or a mailbox) costs no zeroing.
struct alignas(64) AttachmentSlot {
  AttachmentSlot() {}  // NOLINT: deliberately leaves `bytes` uninitialised
  std::byte bytes[kMaxAttachmentBytes];
};

// A pending attached event's payload: the attachment's size and a handle (a pool slot, or
// an index into a mailbox's slots while it crosses blocks).
constexpr std::uint64_t PackAttachment(std::uint32_t handle, std::size_t size) {
  return std::uint64_t{size} << 32 | handle;
}
constexpr std::uint32_t AttachmentHandle(std::uint64_t payload) {
  return static_cast<std::uint32_t>(payload);
}
constexpr std::size_t AttachmentSize(std::uint64_t payload) {
  return static_cast<std::size_t>(payload >> 32);
}
constexpr bool HasAttachmentFlag(const Event& e) {
  return (e.kind & kAttachmentFlag) != 0;
}

class AttachmentPool {
 public:
  // A free slot's handle; grows the pool by one slab when none is free.
  std::uint32_t Allocate() {
    if (free_ != kNone) {
      const std::uint32_t handle = free_;
      std::memcpy(&free_, Data(handle), sizeof free_);
      ++live_;
      return handle;
    }
    if ((used_ & kSlabMask) == 0 && (used_ >> kSlabBits) == slabs_.size()) {
      slabs_.push_back(std::make_unique_for_overwrite<AttachmentSlot[]>(kSlabSlots));
    }
    ++live_;
    return used_++;
  }
  // Copies `size` bytes into a new slot; returns the pending event's payload for it.
  std::uint64_t Store(const void* bytes, std::size_t size) {
    const std::uint32_t handle = Allocate();
    std::memcpy(Data(handle), bytes, size);
    return PackAttachment(handle, size);
  }
  // REQUIRES: `handle` allocated and not freed.
  std::byte* Data(std::uint32_t handle) {
    return slabs_[handle >> kSlabBits][handle & kSlabMask].bytes;
  }
  // Returns the slot to the pool. REQUIRES: `handle` allocated and not freed.
  void Free(std::uint32_t handle) {
    std::memcpy(Data(handle), &free_, sizeof free_);
    free_ = handle;
    --live_;
  }
  // Slots allocated and not freed.
  std::size_t live() const { return live_; }
  // Slots the pool holds (its high-water mark, rounded up to a slab).
  std::size_t capacity() const { return slabs_.size() * kSlabSlots; }

 private:
  static constexpr unsigned kSlabBits = 7;  // 128 slots: 16 KiB per slab
  static constexpr std::uint32_t kSlabSlots = std::uint32_t{1} << kSlabBits;
  static constexpr std::uint32_t kSlabMask = kSlabSlots - 1;
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  std::vector<std::unique_ptr<AttachmentSlot[]>> slabs_;
  std::uint32_t used_ = 0;      // slots ever handed out; [used_, capacity()) never were
  std::uint32_t free_ = kNone;  // head of the free list, linked through the slots' bytes
  std::size_t live_ = 0;
};

}  // namespace hubsim::internal

#endif  // HUBSIM_ENGINE_KERNEL_EXECUTORS_ATTACHMENT_POOL_H_
