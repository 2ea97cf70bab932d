#include "nn/untrained_bundle.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "nn/classifier.h"
#include "nn_test_util.h"

namespace ser::nn {
namespace {

TEST(UntrainedBundle, LoadsAsAClassifierAndTheSeedDecidesTheBytes) {
  const ModelInfo info = test::make_info("logmel_cnn", "logmel64", 3, {{"channels", {4, 8}}});
  const std::string a = test::temp_path("untrained-a.sermodel");
  const std::string b = test::temp_path("untrained-b.sermodel");
  const std::string c = test::temp_path("untrained-c.sermodel");
  write_untrained_bundle(a, info, 5);
  write_untrained_bundle(b, info, 5);
  write_untrained_bundle(c, info, 6);
  EXPECT_EQ(test::read_bytes(a), test::read_bytes(b));
  EXPECT_NE(test::read_bytes(a), test::read_bytes(c));

  const Classifier classifier(a, test::on_cpu());
  EXPECT_EQ(classifier.labels(), info.labels);
  EXPECT_EQ(classifier.info().architecture, "logmel_cnn");
  const Matrix p = classifier.classify(test::random_features(64, 20, 1));
  ASSERT_EQ(p.cols(), 3u);
  EXPECT_NEAR(p(0, 0) + p(0, 1) + p(0, 2), 1.0f, 1e-5f);
}

TEST(UntrainedBundle, RefusesMetadataThatDoesNotValidate) {
  ModelInfo info = test::make_info("logmel_cnn", "logmel64", 3, {{"channels", {4, 8}}});
  info.labels = {"only-one"};
  EXPECT_THROW(write_untrained_bundle(test::temp_path("bad.sermodel"), info, 1), ModelError);
}

}  // namespace
}  // namespace ser::nn
