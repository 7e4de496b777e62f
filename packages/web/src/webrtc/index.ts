// @puresip/web/webrtc: the optional WebRTC glue. An RTCPeerConnection's offers and answers as
// the SDP bodies the UA core exchanges, with @puresip/sdp's model in between so an application
// can rewrite codecs or candidates as data. Import it only if the page does WebRTC.
export type { Rewrite } from "./sdp.js";
export { SDP_TYPE, bodyOfSdp, sdpOfBody } from "./sdp.js";
export type { GlueOptions } from "./peer-connection.js";
export { acceptAnswer, answerBody, iceGathered, offerBody } from "./peer-connection.js";
