// The writing side of gstseremotionmeta.h: registration, and a meta per window result.
#include "gstseremotionmeta.h"

#include "gstseremotionmeta_writer.h"
#include "result_fields.h"

namespace ser::element {

const GstMetaInfo* register_result_meta() {
  static const GstMetaInfo* info = [] {
    // No tags: elements that drop metas tied to a property of the audio (its rate, its
    // channels) keep this one; no transform function: a copied buffer copies the structure.
    static const gchar* tags[] = {nullptr};
    return gst_meta_register_custom(GST_SEREMOTION_META_NAME, tags, nullptr, nullptr, nullptr);
  }();
  return info;
}

void add_result_meta(GstBuffer* buffer, const WindowResult& result) {
  register_result_meta();
  GstCustomMeta* meta = gst_buffer_add_custom_meta(buffer, GST_SEREMOTION_META_NAME);
  if (meta != nullptr) set_result_fields(gst_custom_meta_get_structure(meta), result);
}

}  // namespace ser::element
