#include "dann4j/torch_archive.h"

#include <fstream>

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/export.h>

namespace dann4j {

void save_archive(const std::string& path, const char* pickle, size_t size, const std::vector<at::Tensor>& storages) {
  TORCH_CHECK(pickle != nullptr && size >= 2, "save_archive: no pickle");
  for (size_t i = 0; i < storages.size(); ++i) {
    const at::Tensor& t = storages[i];
    TORCH_CHECK(t.defined() && t.is_cpu() && t.is_contiguous() && t.storage_offset() == 0 &&
                    t.storage().nbytes() == static_cast<size_t>(t.numel()) * t.element_size(),
                "save_archive: storage ", i, " is not a whole contiguous CPU tensor");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  TORCH_CHECK(out.good(), "save_archive: cannot open ", path, " for writing");
  {
    caffe2::serialize::PyTorchStreamWriter writer([&](const void* bytes, size_t n) {
      out.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(n));
      return out.good() ? n : 0;
    });
    // data/0, data/1, ... then data.pkl, as torch.save lays them out.
    torch::jit::writeArchiveAndTensors("data", pickle, size, storages, writer);
    writer.writeEndOfFile();
  }
  out.flush();
  TORCH_CHECK(out.good(), "save_archive: writing ", path, " failed");
}

}  // namespace dann4j
