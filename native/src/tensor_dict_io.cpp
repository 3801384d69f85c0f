#include "dann4j/tensor_dict_io.h"

#include <fstream>
#include <iterator>

#include <ATen/core/Dict.h>
#include <ATen/core/ivalue.h>
#include <torch/csrc/jit/serialization/pickle.h>

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
  const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  TORCH_CHECK(out.good(), "save_tensor_dict: cannot open ", path, " for writing");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  TORCH_CHECK(out.good(), "save_tensor_dict: writing ", path, " failed");
}

void load_tensor_dict(const std::string& path, std::vector<std::string>& keys,
                      std::vector<at::Tensor>& values) {
  std::ifstream in(path, std::ios::binary);
  TORCH_CHECK(in.good(), "load_tensor_dict: cannot open ", path);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  TORCH_CHECK(!bytes.empty(), "load_tensor_dict: ", path, " is empty");
  c10::IValue loaded = torch::jit::pickle_load(bytes);
  TORCH_CHECK(loaded.isGenericDict(), "load_tensor_dict: ", path, " holds a ", loaded.tagKind(),
              ", not a dict of tensors");
  keys.clear();
  values.clear();
  for (const auto& entry : loaded.toGenericDict()) {
    TORCH_CHECK(entry.key().isString(), "load_tensor_dict: a key in ", path, " is a ",
                entry.key().tagKind(), ", not a string");
    const std::string key = entry.key().toStringRef();
    TORCH_CHECK(entry.value().isTensor(), "load_tensor_dict: the value of '", key, "' in ", path,
                " is a ", entry.value().tagKind(), ", not a tensor");
    keys.push_back(key);
    values.push_back(entry.value().toTensor());
  }
}

}  // namespace dann4j
