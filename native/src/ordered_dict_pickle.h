// Internal to the native library: see ordered_dict_pickle.cpp.
#pragma once

#include <cstddef>
#include <string>

namespace dann4j {
namespace detail {

/// The key under which a rewritten OrderedDict keeps the state Python attached to it (a
/// state_dict's `_metadata`); load_tensor_dict drops it.
constexpr const char* kPickledStateKey = "__dann4j_ordered_dict_state__";

/// Rewrites a protocol-2 pickle so that libtorch's unpickler reads collections.OrderedDict
/// instances as plain dicts. Throws c10::Error on malformed or unsupported input.
std::string plain_dicts_from_ordered_dicts(const char* data, size_t size);

}  // namespace detail
}  // namespace dann4j
