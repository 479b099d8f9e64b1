#include "equiroute/engine/three_step_fca.hpp"

#include "equiroute/engine/catchment_weight.hpp"
#include "equiroute/engine/two_step_fca.hpp"

namespace equiroute::engine {

namespace {

class ThreeStepFcaModel final : public AccessModel {
 public:
  std::string name() const override { return "3sfca"; }
  std::string description() const override {
    return "Three-step floating catchment: zone weights plus selection weights G_ij that "
           "share each demand point among the facilities in its catchment";
  }
  std::string source() const override {
    return "Wan, Zou & Sternberg (2012), Int. J. Geogr. Inf. Sci. 26:1073";
  }
  std::vector<ParamSpec> params() const override {
    return {{"zones_min",
             "upper edges of the travel-time zones (right-closed)",
             "min",
             std::vector<double>{10.0, 20.0, 30.0, 60.0},
             {}},
            {"zone_weights",
             "weight W of each zone",
             "",
             std::vector<double>{0.962, 0.704, 0.377, 0.042},
             {}}};
  }
  AccessResult compute(const AccessInput& input, const ResolvedParams& p) const override {
    return floating_catchment_scores(
        input, CatchmentWeight::zones(p.list("zones_min"), p.list("zone_weights")), true, name());
  }

 protected:
  void validate(const ResolvedParams& p) const override {
    (void)CatchmentWeight::zones(p.list("zones_min"), p.list("zone_weights"));
  }
};

}  // namespace

std::unique_ptr<AccessModel> make_three_step_fca_model() {
  return std::make_unique<ThreeStepFcaModel>();
}

}  // namespace equiroute::engine
