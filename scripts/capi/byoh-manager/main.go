// The BYOH (cluster-api-provider-bringyourownhost) manager, for the local
// management cluster. It runs the reconcilers and webhooks BYOH's own main
// package registers, unchanged; only what that main hard-codes becomes a
// flag: the webhook server's port (9443) and certificate directory, so
// several management clusters can run on one machine. Built by
// scripts/capi/build.sh in a throwaway module that requires BYOH's release.
package main

import (
	"context"
	"flag"
	"os"

	admissionv1beta1 "k8s.io/api/admission/v1beta1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientset "k8s.io/client-go/kubernetes"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	klog "k8s.io/klog/v2"
	"k8s.io/klog/v2/klogr"
	clusterv1 "sigs.k8s.io/cluster-api/api/v1beta1"
	"sigs.k8s.io/cluster-api/controllers/remote"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/webhook"

	infrav1 "github.com/vmware-tanzu/cluster-api-provider-bringyourownhost/apis/infrastructure/v1beta1"
	byoh "github.com/vmware-tanzu/cluster-api-provider-bringyourownhost/controllers/infrastructure"
)

func main() {
	klog.InitFlags(nil)
	metricsAddr := flag.String("metrics-addr", "0", "metrics endpoint address (0: off)")
	probeAddr := flag.String("health-probe-bind-address", "127.0.0.1:0", "health probe address")
	webhookPort := flag.Int("webhook-port", 9443, "webhook server port")
	certDir := flag.String("webhook-cert-dir", "", "directory holding tls.crt and tls.key for the webhook server")
	flag.Parse()
	ctrl.SetLogger(klogr.New())
	log := ctrl.Log.WithName("setup")
	fail := func(err error, what string) {
		log.Error(err, what)
		os.Exit(1)
	}

	scheme := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(infrav1.AddToScheme(scheme))
	utilruntime.Must(clusterv1.AddToScheme(scheme))
	utilruntime.Must(admissionv1beta1.AddToScheme(scheme))

	cfg := ctrl.GetConfigOrDie()
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                 scheme,
		MetricsBindAddress:     *metricsAddr,
		HealthProbeBindAddress: *probeAddr,
		Port:                   *webhookPort,
		CertDir:                *certDir,
	})
	if err != nil {
		fail(err, "unable to create the manager")
	}
	ctx := context.TODO()
	trackerLog := ctrl.Log.WithName("remote").WithName("ClusterCacheTracker")
	tracker, err := remote.NewClusterCacheTracker(mgr, remote.ClusterCacheTrackerOptions{Log: &trackerLog})
	if err != nil {
		fail(err, "unable to create the cluster cache tracker")
	}
	client, recorder := mgr.GetClient(), mgr.GetEventRecorderFor("byomachine-controller")
	steps := []struct {
		name  string
		setup func() error
	}{
		{"ClusterCacheReconciler", func() error {
			return (&remote.ClusterCacheReconciler{Client: client, Tracker: tracker}).
				SetupWithManager(ctx, mgr, controller.Options{MaxConcurrentReconciles: 0})
		}},
		{"ByoMachine", func() error {
			return (&byoh.ByoMachineReconciler{Client: client, Scheme: scheme, Tracker: tracker, Recorder: recorder}).SetupWithManager(ctx, mgr)
		}},
		{"ByoHost", func() error { return (&byoh.ByoHostReconciler{Client: client, Scheme: scheme}).SetupWithManager(mgr) }},
		{"ByoMachineTemplate", func() error {
			return (&byoh.ByoMachineTemplateReconciler{Client: client, Scheme: scheme}).SetupWithManager(mgr)
		}},
		{"ByoCluster", func() error { return (&byoh.ByoClusterReconciler{Client: client, Scheme: scheme}).SetupWithManager(ctx, mgr) }},
		{"ByoAdmission", func() error {
			if os.Getenv("MANUAL_CSR_APPROVAL") == "enable" {
				return nil
			}
			return (&byoh.ByoAdmissionReconciler{ClientSet: clientset.NewForConfigOrDie(cfg)}).SetupWithManager(mgr)
		}},
		{"K8sInstallerConfig", func() error {
			return (&byoh.K8sInstallerConfigReconciler{Client: client, Scheme: scheme}).SetupWithManager(mgr)
		}},
		{"BootstrapKubeconfig", func() error {
			return (&byoh.BootstrapKubeconfigReconciler{Client: client, Scheme: scheme}).SetupWithManager(mgr)
		}},
		{"BootstrapKubeconfig webhook", func() error { return (&infrav1.BootstrapKubeconfig{}).SetupWebhookWithManager(mgr) }},
	}
	for _, s := range steps {
		if err := s.setup(); err != nil {
			fail(err, "unable to set up "+s.name)
		}
	}
	mgr.GetWebhookServer().Register("/validate-infrastructure-cluster-x-k8s-io-v1beta1-byohost",
		&webhook.Admission{Handler: &infrav1.ByoHostValidator{}})
	utilruntime.Must(mgr.AddHealthzCheck("healthz", healthz.Ping))
	utilruntime.Must(mgr.AddReadyzCheck("readyz", healthz.Ping))
	log.Info("starting manager")
	if err := mgr.Start(ctrl.SetupSignalHandler()); err != nil {
		fail(err, "problem running manager")
	}
}
