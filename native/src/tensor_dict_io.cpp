#include "dann4j/tensor_dict_io.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <tuple>

#include "ordered_dict_pickle.h"

#include <ATen/core/Dict.h>
#include <ATen/core/ivalue.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/export.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/csrc/jit/serialization/pickler.h>
#include <torch/csrc/jit/serialization/unpickler.h>

namespace dann4j {

void save_tensor_dict(const std::string& path, const std::vector<std::string>& keys,
                      const std::vector<at::Tensor>& values) {
  TORCH_CHECK(keys.size() == values.size(), "save_tensor_dict: ", keys.size(), " keys but ",
              values.size(), " tensors");
  c10::Dict<std::string, at::Tensor> dict;
  for (size_t i = 0; i < keys.size(); ++i) {
    TORCH_CHECK(values[i].defined(), "save_tensor_dict: the tensor for '", keys[i], "' is undefined");
    TORCH_CHECK(!dict.contains(keys[i]), "save_tensor_dict: key '", keys[i], "' appears twice");
    // A state_dict holds plain data: no autograd history, on the CPU so any machine reads it.
    dict.insert(keys[i], values[i].detach().cpu());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  TORCH_CHECK(out.good(), "save_tensor_dict: cannot open ", path, " for writing");

  // What torch::pickle_save does, except that the dict is pickled without TorchScript's type tag
  // (tag_aggregates = false). With the tag, Python's torch.load refuses the file under its default
  // weights_only=True, because the tag names a function outside its allow-list. The container
  // (data.pkl plus one record per tensor storage) is torch.save's zip format.
  std::vector<char> pickled;
  torch::jit::Pickler pickler(
      [&](const char* bytes, size_t size) { pickled.insert(pickled.end(), bytes, bytes + size); },
      /*tensor_table=*/nullptr, /*type_renamer=*/nullptr, /*memoized_class_types=*/nullptr,
      /*get_tensor_id=*/nullptr, /*tag_aggregates=*/false);
  pickler.protocol();
  pickler.pushIValue(c10::IValue(dict));
  pickler.stop();
  {
    caffe2::serialize::PyTorchStreamWriter writer([&](const void* bytes, size_t size) {
      out.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
      return out.good() ? size : 0;
    });
    torch::jit::writeArchiveAndTensors("data", pickled.data(), pickled.size(), pickler.tensorData(), writer);
    writer.writeEndOfFile();
  }
  out.flush();
  TORCH_CHECK(out.good(), "save_tensor_dict: writing ", path, " failed");
}

void load_tensor_dict(const std::string& path, std::vector<std::string>& keys,
                      std::vector<at::Tensor>& values) {
  {
    std::ifstream probe(path, std::ios::binary);
    TORCH_CHECK(probe.good(), "load_tensor_dict: cannot open ", path);
    TORCH_CHECK(probe.peek() != std::char_traits<char>::eof(), "load_tensor_dict: ", path, " is empty");
  }
  // libtorch's own zip reader and unpickler; only the pickle bytes pass through the OrderedDict
  // rewrite first (see ordered_dict_pickle.cpp).
  caffe2::serialize::PyTorchStreamReader reader(path);
  at::DataPtr pickle_data;
  size_t pickle_size = 0;
  std::tie(pickle_data, pickle_size) = reader.getRecord("data.pkl");
  const std::string pickle =
      detail::plain_dicts_from_ordered_dicts(static_cast<const char*>(pickle_data.get()), pickle_size);
  size_t consumed = 0;
  auto read_pickle = [&](char* buffer, size_t length) -> size_t {
    length = std::min(length, pickle.size() - consumed);
    std::memcpy(buffer, pickle.data() + consumed, length);
    consumed += length;
    return length;
  };
  auto read_storage = [&](const std::string& name) { return std::get<0>(reader.getRecord("data/" + name)); };
  torch::jit::Unpickler unpickler(read_pickle, /*type_resolver=*/nullptr, /*obj_loader=*/nullptr,
                                  read_storage, at::Device(at::kCPU));
  unpickler.set_version(reader.version());
  const c10::IValue loaded = unpickler.parse_ivalue();

  TORCH_CHECK(loaded.isGenericDict(), "load_tensor_dict: ", path, " holds a ", loaded.tagKind(),
              ", not a dict of tensors");
  keys.clear();
  values.clear();
  for (const auto& entry : loaded.toGenericDict()) {
    TORCH_CHECK(entry.key().isString(), "load_tensor_dict: a key in ", path, " is a ",
                entry.key().tagKind(), ", not a string");
    const std::string key = entry.key().toStringRef();
    if (key == detail::kPickledStateKey) {
      continue;  // the state_dict's _metadata (module versions): nothing to load
    }
    TORCH_CHECK(entry.value().isTensor(), "load_tensor_dict: the value of '", key, "' in ", path,
                " is a ", entry.value().tagKind(), ", not a tensor");
    keys.push_back(key);
    values.push_back(entry.value().toTensor());
  }
}

}  // namespace dann4j
