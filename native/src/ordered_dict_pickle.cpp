// Python's torch.save(model.state_dict()) pickles a collections.OrderedDict carrying a
// `_metadata` attribute. libtorch's unpickler turns every OrderedDict into None (it expects them
// only as a tensor's empty backward-hooks argument), so pickle_load cannot read such a file.
//
// This pass walks the pickle's opcodes with a symbolic stack, without building any value, and
// rewrites two patterns so that libtorch's own unpickler does the actual loading:
//   OrderedDict-class  EMPTY_TUPLE  REDUCE    ->  EMPTY_DICT
//   <OrderedDict> <state> BUILD              ->  <dict> <key> <state> SETITEM
// (the state is kept under kPickledStateKey; the caller drops it). Everything else is copied
// byte for byte. Protocol 2 pickles (torch.save's default) have no byte-offset references, so
// inserting bytes is safe.
#include "ordered_dict_pickle.h"

#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

#include <c10/util/Exception.h>

namespace dann4j {
namespace detail {
namespace {

enum class Kind { kOther, kMark, kOrderedDictClass, kOrderedDict };

struct Entry {
  Kind kind;
  size_t start;  // offset in the output where this value's opcodes begin
};

class Rewriter {
 public:
  Rewriter(const char* data, size_t size) : in_(data), size_(size) {}

  std::string run() {
    TORCH_CHECK(size_ >= 2 && static_cast<uint8_t>(in_[0]) == 0x80,
                "not a pickle (no PROTO opcode at the start)");
    TORCH_CHECK(static_cast<uint8_t>(in_[1]) == 2, "only pickle protocol 2 is supported, found ",
                static_cast<int>(static_cast<uint8_t>(in_[1])));
    out_.append(in_, 2);
    pos_ = 2;
    while (true) {
      TORCH_CHECK(pos_ < size_, "truncated pickle (no STOP opcode)");
      const size_t op_start = pos_;
      const char op = in_[pos_++];
      if (!step(op, op_start)) {
        return out_;
      }
    }
  }

 private:
  // Copies the opcode and its `n` argument bytes.
  void copy_from(size_t op_start, size_t n) {
    need(n);
    pos_ += n;
    out_.append(in_ + op_start, pos_ - op_start);
  }

  void need(size_t n) const {
    TORCH_CHECK(n <= size_ - pos_, "truncated pickle (an opcode's argument runs past the end)");
  }

  uint32_t read_u32_at(size_t at) const {
    uint32_t v;
    std::memcpy(&v, in_ + at, 4);  // pickle integers are little-endian, as is every target here
    return v;
  }

  std::string read_line() {
    const void* nl = std::memchr(in_ + pos_, '\n', size_ - pos_);
    TORCH_CHECK(nl != nullptr, "truncated pickle (unterminated GLOBAL name)");
    const char* end = static_cast<const char*>(nl);
    std::string line(in_ + pos_, end);
    pos_ = static_cast<size_t>(end - in_) + 1;
    return line;
  }

  Entry pop() {
    TORCH_CHECK(!stack_.empty(), "malformed pickle (stack underflow)");
    Entry e = stack_.back();
    stack_.pop_back();
    return e;
  }

  // Pops up to and including the topmost MARK; returns the MARK.
  Entry pop_to_mark() {
    while (true) {
      Entry e = pop();
      if (e.kind == Kind::kMark) {
        return e;
      }
    }
  }

  void push(Kind kind, size_t start) {
    stack_.push_back({kind, start});
  }

  void memo_put(uint32_t id) {
    TORCH_CHECK(!stack_.empty(), "malformed pickle (memo put on an empty stack)");
    memo_[id] = stack_.back().kind;
  }

  void memo_get(uint32_t id, size_t out_start) {
    auto it = memo_.find(id);
    TORCH_CHECK(it != memo_.end(), "malformed pickle (memo ", id, " read before it was written)");
    push(it->second, out_start);
  }

  // Returns false at STOP.
  bool step(char op, size_t op_start) {
    const size_t out_start = out_.size();
    switch (op) {
      case '.':  // STOP
        out_.push_back(op);
        return false;
      case '(':  // MARK
        out_.push_back(op);
        push(Kind::kMark, out_start);
        return true;
      case 'N': case '\x88': case '\x89': case ')': case '}': case ']':  // NONE TRUE FALSE () {} []
        out_.push_back(op);
        push(Kind::kOther, out_start);
        return true;
      case 'K': copy_from(op_start, 1); push(Kind::kOther, out_start); return true;  // BININT1
      case 'M': copy_from(op_start, 2); push(Kind::kOther, out_start); return true;  // BININT2
      case 'J': copy_from(op_start, 4); push(Kind::kOther, out_start); return true;  // BININT
      case 'G': copy_from(op_start, 8); push(Kind::kOther, out_start); return true;  // BINFLOAT
      case '\x8a': {  // LONG1
        need(1);
        copy_from(op_start, 1 + static_cast<uint8_t>(in_[pos_]));
        push(Kind::kOther, out_start);
        return true;
      }
      case 'X': case 'T': {  // BINUNICODE, BINSTRING
        need(4);
        copy_from(op_start, 4 + static_cast<size_t>(read_u32_at(pos_)));
        push(Kind::kOther, out_start);
        return true;
      }
      case 'U': {  // SHORT_BINSTRING
        need(1);
        copy_from(op_start, 1 + static_cast<uint8_t>(in_[pos_]));
        push(Kind::kOther, out_start);
        return true;
      }
      case 'c': {  // GLOBAL module\nname\n
        const std::string module = read_line();
        const std::string name = read_line();
        out_.append(in_ + op_start, pos_ - op_start);
        const bool ordered = module == "collections" && name == "OrderedDict";
        push(ordered ? Kind::kOrderedDictClass : Kind::kOther, out_start);
        return true;
      }
      case 'q': need(1); memo_put(static_cast<uint8_t>(in_[pos_])); copy_from(op_start, 1); return true;  // BINPUT
      case 'r': need(4); memo_put(read_u32_at(pos_)); copy_from(op_start, 4); return true;               // LONG_BINPUT
      case 'h': need(1); { uint32_t id = static_cast<uint8_t>(in_[pos_]); copy_from(op_start, 1); memo_get(id, out_start); } return true;  // BINGET
      case 'j': need(4); { uint32_t id = read_u32_at(pos_); copy_from(op_start, 4); memo_get(id, out_start); } return true;            // LONG_BINGET
      case 't': case 'l': case 'd': {  // TUPLE LIST DICT
        out_.push_back(op);
        Entry mark = pop_to_mark();
        push(Kind::kOther, mark.start);
        return true;
      }
      case '\x85': case '\x86': case '\x87': {  // TUPLE1..3
        out_.push_back(op);
        Entry first{Kind::kOther, out_start};
        for (int i = 0; i < op - '\x84'; ++i) {
          first = pop();
        }
        push(Kind::kOther, first.start);
        return true;
      }
      case 'a': out_.push_back(op); pop(); return true;            // APPEND
      case 'e': case 'u': out_.push_back(op); pop_to_mark(); return true;  // APPENDS SETITEMS
      case 's': out_.push_back(op); pop(); pop(); return true;     // SETITEM
      case 'Q': {  // BINPERSID
        out_.push_back(op);
        Entry id = pop();
        push(Kind::kOther, id.start);
        return true;
      }
      case 'R': {  // REDUCE
        Entry args = pop();
        Entry callable = pop();
        if (callable.kind == Kind::kOrderedDictClass) {
          // OrderedDict() -> {}: drop the class reference and its argument tuple.
          out_.resize(callable.start);
          out_.push_back('}');
          push(Kind::kOrderedDict, callable.start);
        } else {
          out_.push_back(op);
          push(Kind::kOther, callable.start);
        }
        (void)args;
        return true;
      }
      case '\x81': {  // NEWOBJ
        out_.push_back(op);
        pop();
        Entry cls = pop();
        push(Kind::kOther, cls.start);
        return true;
      }
      case 'b': {  // BUILD
        Entry state = pop();
        TORCH_CHECK(!stack_.empty(), "malformed pickle (BUILD without an object)");
        if (stack_.back().kind == Kind::kOrderedDict) {
          // Keep the state as an ordinary item: put a key before it and SETITEM it.
          std::string key;
          key.push_back('X');
          const uint32_t length = static_cast<uint32_t>(std::strlen(kPickledStateKey));
          key.append(reinterpret_cast<const char*>(&length), 4);
          key.append(kPickledStateKey);
          out_.insert(state.start, key);
          out_.push_back('s');
        } else {
          out_.push_back(op);
        }
        return true;
      }
      default:
        TORCH_CHECK(false, "unsupported pickle opcode 0x", std::hex,
                    static_cast<int>(static_cast<uint8_t>(op)), " at byte ", std::dec, op_start);
    }
  }

  const char* in_;
  size_t size_;
  size_t pos_ = 0;
  std::string out_;
  std::vector<Entry> stack_;
  std::unordered_map<uint32_t, Kind> memo_;
};

}  // namespace

std::string plain_dicts_from_ordered_dicts(const char* data, size_t size) {
  return Rewriter(data, size).run();
}

}  // namespace detail
}  // namespace dann4j
