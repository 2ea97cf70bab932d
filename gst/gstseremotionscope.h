/* seremotionscope: the results of seremotion drawn as a live timeline video (see gstseremotionscope.cc).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GST_SEREMOTION_SCOPE_H
#define GST_SEREMOTION_SCOPE_H

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_SEREMOTION_SCOPE (gst_seremotion_scope_get_type ())
G_DECLARE_FINAL_TYPE (GstSeremotionScope, gst_seremotion_scope, GST,
    SEREMOTION_SCOPE, GstElement)

GST_ELEMENT_REGISTER_DECLARE (seremotionscope);

G_END_DECLS

#endif /* GST_SEREMOTION_SCOPE_H */
