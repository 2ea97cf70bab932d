/* seremotion: speech emotion recognition on an audio stream (see gstseremotion.cc).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GST_SEREMOTION_H
#define GST_SEREMOTION_H

#include <gst/base/gstbasetransform.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_SEREMOTION (gst_seremotion_get_type ())
G_DECLARE_FINAL_TYPE (GstSeremotion, gst_seremotion, GST, SEREMOTION,
    GstBaseTransform)

GST_ELEMENT_REGISTER_DECLARE (seremotion);

G_END_DECLS

#endif /* GST_SEREMOTION_H */
